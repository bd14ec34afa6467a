import { z } from 'zod';
import type { MethodSpec } from './spec.js';

/** Settings of feature selection; exactly one of `k` and `fraction`. */
export const featureSelectSettings = z
  .object({
    ranking: z
      .enum(['weight-norm', 'permutation'])
      .default('weight-norm')
      .describe(
        "how features are ranked: L2 norm of the first Dense layer's kernel rows, or permutation importance on held-out training rows",
      ),
    k: z.number().int().min(1).max(1_000_000).optional().describe('features kept (1..number of input features)'),
    fraction: z.number().gt(0).max(1).optional().describe('share of the input features kept (0..1, at least 1 feature)'),
    validationFraction: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.2)
      .describe('share of training rows, drawn with the seed, that permutation importance scores (0..1)'),
    repeats: z.number().int().min(1).max(100).default(3).describe('shuffles per feature in permutation importance (1..100)'),
    epochs: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe("training epochs of the smaller model (1..10000; default: the original's)"),
  })
  .strict()
  .refine((s) => (s.k === undefined) !== (s.fraction === undefined), { message: "give exactly one of 'k' or 'fraction'" });
export type FeatureSelectSettings = z.infer<typeof featureSelectSettings>;

/** Description and settings of `feature-select`. */
export const featureSelectSpec: MethodSpec<FeatureSelectSettings> = {
  description: 'feature selection: keeps the most important input features and retrains a smaller-input model',
  settings: featureSelectSettings,
};
