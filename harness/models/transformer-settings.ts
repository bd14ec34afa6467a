import { z } from 'zod';
import type { ArchSpec } from './spec.js';

/** Settings of the `transformer` architecture. */
export const transformerSettings = z
  .object({
    dModel: z.number().int().min(2).max(4096).default(32).describe('width of token vectors'),
    heads: z.number().int().min(1).max(64).default(2).describe('attention heads (must divide dModel)'),
    layers: z.number().int().min(1).max(48).default(1).describe('encoder blocks'),
    ffDim: z.number().int().min(1).max(16_384).default(64).describe('hidden units of each feed-forward sublayer'),
    dropout: z.number().min(0).max(0.9).default(0).describe('dropout after attention and feed-forward sublayers'),
    pool: z
      .enum(['mean', 'first', 'last'])
      .default('mean')
      .describe('sequence summary fed to the classifier: mean, first token, or last real token'),
    mask: z.boolean().default(true).describe('ignore padding tokens (id 0) in attention and mean pooling'),
  })
  .strict()
  .refine((s) => s.dModel % s.heads === 0, { message: 'heads must divide dModel', path: ['heads'] });
export type TransformerSettings = z.infer<typeof transformerSettings>;

/** Description and settings of `transformer`. */
export const transformerSpec: ArchSpec<TransformerSettings> = {
  description: 'transformer encoder: token + position embedding, self-attention blocks, pooling, softmax',
  settings: transformerSettings,
};
