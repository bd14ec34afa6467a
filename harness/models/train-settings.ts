import { z } from 'zod';

/** Training settings shared by the original model, fine-tuning and students. */
export const trainSettings = z
  .object({
    epochs: z.number().int().min(0).max(10_000).default(20).describe('passes over the training split'),
    batchSize: z.number().int().min(1).max(65_536).default(64).describe('rows per gradient step'),
    learningRate: z.number().gt(0).max(10).default(0.003).describe('Adam learning rate'),
  })
  .strict();
export type TrainSettings = z.infer<typeof trainSettings>;
