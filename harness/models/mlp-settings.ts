import { z } from 'zod';
import type { ArchSpec } from './spec.js';

/** Settings of the `mlp` architecture. */
export const mlpSettings = z
  .object({
    hidden: z.array(z.number().int().min(1).max(65_536)).max(32).default([64, 32]).describe('units of each hidden Dense layer'),
    activation: z.enum(['relu', 'tanh']).default('relu').describe('activation of the hidden layers'),
    dropout: z.number().min(0).max(0.9).default(0).describe('dropout rate after each hidden layer'),
  })
  .strict();
export type MlpSettings = z.infer<typeof mlpSettings>;

/** Description and settings of `mlp`. */
export const mlpSpec: ArchSpec<MlpSettings> = {
  description: 'multi-layer perceptron: flatten, hidden Dense layers, softmax',
  settings: mlpSettings,
};
