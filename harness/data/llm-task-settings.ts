import { z } from 'zod';

/** How the answer is read from a completion. */
export const answerRule = z
  .union([
    z.literal('exact').describe('the first line of the completion, trimmed (a final period dropped), equals the answer'),
    z.literal('first-integer').describe('the first integer in the completion equals the answer'),
    z.literal('choice').describe("the earliest of the task's choices that appears as a whole word"),
    z.object({ regex: z.string().min(1).describe('a pattern; its first group (or whole match) is the answer') }).strict(),
  ])
  .describe("answer extraction: 'exact', 'first-integer', 'choice' or {regex: '...'}");
export type AnswerRule = z.infer<typeof answerRule>;

/** One prompted task of an LLM suite. */
export const llmTaskSpec = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits and . _ - (no spaces)')
      .describe('task name, unique in the suite'),
    source: z.string().describe('prompt source: arithmetic, babi or listops'),
    settings: z.record(z.string(), z.unknown()).default({}).describe("the source's generator settings (as its dataset settings)"),
    count: z.number().int().min(1).max(100_000).default(100).describe('test questions'),
    shots: z.number().int().min(0).max(32).default(0).describe('few-shot examples before each question (drawn from a separate stream)'),
    template: z.string().min(1).describe("Handlebars template of one prompt: the item's fields, {{#each shots}}...{{/each}}, {{choices}}"),
    answer: answerRule.default('exact'),
    maxTokens: z.number().int().min(1).max(4096).default(16).describe('most tokens generated per question (greedy decoding)'),
    stop: z.array(z.string().min(1)).max(8).default([]).describe('generation ends at the first of these strings'),
  })
  .strict();
export type LlmTaskSpec = z.infer<typeof llmTaskSpec>;

/** An OpenAI-compatible server. */
export const endpointSpec = z
  .object({
    baseUrl: z.string().url().describe('e.g. http://127.0.0.1:8080/v1'),
    model: z.string().min(1).describe("the server's model name"),
    api: z
      .enum(['completions', 'chat'])
      .default('completions')
      .describe("'completions' (/completions, raw prompt) or 'chat' (/chat/completions, one user message)"),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .optional()
      .describe('environment variable holding the API key (the key itself is never written anywhere)'),
    timeoutMs: z.number().int().min(100).max(3_600_000).default(60_000).describe('timeout of one request'),
    retries: z.number().int().min(0).max(10).default(2).describe('retries of a failed request, with exponential backoff'),
    concurrency: z.number().int().min(1).max(64).default(2).describe('requests in flight at once'),
  })
  .strict();
export type EndpointSpec = z.infer<typeof endpointSpec>;

/** An LLM model: a GGUF file run in-process by llama.cpp, or an OpenAI-compatible endpoint. */
export const llmModelSpec = z.union([
  z.object({ gguf: z.string().min(1).describe('a GGUF file, relative to the suite file') }).strict(),
  z.object({ endpoint: endpointSpec }).strict(),
]);
export type LlmModelSpec = z.infer<typeof llmModelSpec>;

/** `llm`: what LLM cells measure besides the tasks. */
export const llmMeasureSpec = z
  .object({
    perplexityText: z
      .string()
      .optional()
      .describe('a held-out UTF-8 text file (relative to the suite) whose perplexity each model is measured on'),
    perplexity: z
      .object({
        task: z
          .string()
          .describe('the task whose source generates the held-out text (its own seed stream, apart from test questions and shots)'),
        context: z
          .string()
          .optional()
          .describe(
            "Handlebars template of the unscored text before each item, e.g. '{{prompt}}' (a model trained on answers only is scored on answers)",
          ),
        template: z
          .string()
          .min(1)
          .describe(
            "Handlebars template of the scored text of one item, e.g. ' {{answer}}'; each item is a sequence of its own, after its context",
          ),
        items: z.number().int().min(1).max(10_000).default(20).describe('worked items in the text'),
      })
      .strict()
      .optional()
      .describe('a generated held-out text for perplexity (instead of perplexityText)'),
    perplexityTokens: z.number().int().min(8).max(100_000).default(512).describe('most tokens of that text to score'),
    klTopK: z.number().int().min(1).max(100).default(10).describe('next-token probabilities kept per position for the KL divergence'),
    contextSize: z.number().int().min(64).max(32_768).default(1024).describe('llama.cpp context size of in-process models'),
    threads: z.number().int().min(1).max(64).default(1).describe('llama.cpp CPU threads of in-process models'),
    speedPrompts: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(8)
      .describe('prompts of the first task timed interleaved with the original for the tokens/s ratio (0: none)'),
    speedTokens: z.number().int().min(2).max(4096).default(16).describe('tokens generated per timed prompt (no stop strings)'),
  })
  .strict();
export type LlmMeasureSpec = z.infer<typeof llmMeasureSpec>;
