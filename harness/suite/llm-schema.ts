import { z } from 'zod';
import { compareSettings } from './compare-settings.js';
import { llmMeasureSpec, llmModelSpec, llmTaskSpec } from '../data/llm-task-settings.js';
import { claimSpec, gateSpec } from './schema.js';

/** An LLM variant: another GGUF file or endpoint, or a method applied to the original's GGUF file. */
export const llmVariantSpec = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'use letters, digits and . _ + - (no spaces)')
      .describe('unique variant name'),
    model: llmModelSpec.optional().describe('the variant model: {gguf: path} or {endpoint: {...}}'),
    method: z.string().optional().describe('a GGUF method applied to the original file, e.g. gguf-quantize'),
    settings: z.record(z.string(), z.unknown()).default({}).describe('method settings'),
  })
  .strict()
  .refine((v) => (v.model === undefined) !== (v.method === undefined), {
    message: "give exactly one of 'model' (a file or endpoint) or 'method' (made from the original)",
  });
export type LlmVariantSpec = z.infer<typeof llmVariantSpec>;

/** `quick` of an LLM suite: fewer prompts, tokens and timed rounds. */
export const llmQuickSpec = z
  .object({
    count: z.number().int().min(1).optional().describe('test questions per task'),
    perplexityTokens: z.number().int().min(8).optional().describe('tokens of the perplexity text scored'),
    speedPrompts: z.number().int().min(0).optional().describe('prompts timed interleaved'),
  })
  .strict();

/** A suite of prompted tasks run on an LLM (`model: {gguf}` or `model: {endpoint}`) and its variants. */
export const llmSuiteSpec = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).max(200),
    description: z.string().optional(),
    seed: z.number().int().min(0).default(1).describe('seed of the questions, the few-shot examples, the sampler and the bootstrap'),
    model: llmModelSpec.describe('the original model'),
    variants: z.array(llmVariantSpec).default([]),
    tasks: z.array(llmTaskSpec).min(1).describe('prompted tasks; every model answers the same prompts'),
    llm: llmMeasureSpec.default(llmMeasureSpec.parse({})),
    measure: z
      .object({
        ciLevel: z.number().gt(0.5).lt(1).default(0.95).describe('confidence level of every interval'),
        resamples: z.number().int().min(100).max(100_000).default(1000).describe('bootstrap resamples'),
      })
      .strict()
      .default({ ciLevel: 0.95, resamples: 1000 }),
    gates: z.array(gateSpec).default([]),
    quick: llmQuickSpec.default({}),
    claim: claimSpec.optional(),
    compare: compareSettings.default(compareSettings.parse({})),
  })
  .strict();
export type LlmSuiteSpec = z.infer<typeof llmSuiteSpec>;
