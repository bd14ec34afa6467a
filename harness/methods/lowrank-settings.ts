import { z } from 'zod';
import type { MethodSpec } from './spec.js';

/** Settings of low-rank factorization; exactly one of `rank`, `rankFraction`, `energy`. */
export const lowrankSettings = z
  .object({
    rank: z
      .number()
      .int()
      .min(1)
      .max(65_536)
      .optional()
      .describe('kept rank of every factorized layer (1..min(in, out) of the layer; layers where that saves nothing are left alone)'),
    rankFraction: z.number().gt(0).max(1).optional().describe("kept rank as a share of each layer's min(in, out) (0..1, at least rank 1)"),
    energy: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe("per layer, the smallest rank keeping this share of the kernel's squared singular values (0..1)"),
    fineTuneEpochs: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .default(0)
      .describe("training epochs after factorizing (0..10000), with the original's batch size and learning rate"),
  })
  .strict()
  .refine((s) => [s.rank, s.rankFraction, s.energy].filter((v) => v !== undefined).length === 1, {
    message: "give exactly one of 'rank', 'rankFraction' or 'energy'",
  });
export type LowrankSettings = z.infer<typeof lowrankSettings>;

/** Description and settings of `lowrank`. */
export const lowrankSpec: MethodSpec<LowrankSettings> = {
  description: 'low-rank factorization: truncated SVD splits each Dense/Conv2D layer into two thinner ones',
  settings: lowrankSettings,
};
