import { z } from 'zod';
import type { ArchSpec } from './spec.js';

/**
 * Settings of the `llama` architecture (tfjs-free, so that suite validation does not load tfjs).
 * Widths are multiples of 32 so that every weight row splits into whole Q8_0 / Q4_0 blocks.
 */
export const llamaSettings = z
  .object({
    dModel: z.number().int().min(32).max(4096).default(64).describe('width of token vectors (a multiple of 32)'),
    heads: z.number().int().min(1).max(64).default(4).describe('attention heads (must divide dModel; head width must be even for rotary)'),
    layers: z.number().int().min(1).max(48).default(2).describe('decoder blocks'),
    ffDim: z
      .number()
      .int()
      .min(32)
      .max(16_384)
      .default(128)
      .describe('hidden units of each SwiGLU feed-forward sublayer (a multiple of 32)'),
    contextLength: z.number().int().min(8).max(32_768).default(128).describe('longest sequence (prompt + answer) in tokens'),
    ropeBase: z.number().gt(1).default(10_000).describe('rotary position embedding frequency base'),
    rmsEps: z.number().gt(0).max(0.1).default(1e-5).describe('epsilon of RMSNorm'),
    tiedOutput: z.boolean().default(false).describe('reuse the token embedding as the output head'),
  })
  .strict()
  .refine((s) => s.dModel % 32 === 0, { message: 'dModel must be a multiple of 32 (whole Q8_0/Q4_0 blocks)', path: ['dModel'] })
  .refine((s) => s.ffDim % 32 === 0, { message: 'ffDim must be a multiple of 32 (whole Q8_0/Q4_0 blocks)', path: ['ffDim'] })
  .refine((s) => s.dModel % s.heads === 0 && (s.dModel / s.heads) % 2 === 0, {
    message: 'heads must divide dModel into even head widths',
    path: ['heads'],
  });
export type LlamaSettings = z.infer<typeof llamaSettings>;

/** Training settings of the llama language model (tfjs-free schema). */
export const llamaTrainSettings = z
  .object({
    steps: z.number().int().min(0).max(1_000_000).default(1500).describe('gradient steps'),
    batchSize: z.number().int().min(1).max(4096).default(64).describe('sequences per step'),
    learningRate: z
      .number()
      .gt(0)
      .max(1)
      .default(0.003)
      .describe('peak Adam learning rate (linear warm-up over the first 5% of steps, then cosine decay)'),
  })
  .strict();
export type LlamaTrainSettings = z.infer<typeof llamaTrainSettings>;

/** A llama model's full shape: its settings plus the vocabulary size. */
export interface LlamaConfig extends LlamaSettings {
  vocabSize: number;
}

/** Description and settings of `llama`. */
export const llamaSpec: ArchSpec<LlamaSettings> = {
  description: 'llama decoder: RMSNorm, rotary attention (as llama.cpp), SwiGLU; outputs next-token logits; exports to GGUF',
  settings: llamaSettings,
};
