import { z } from 'zod';

/** Suite field `compare`: how far a figure may move before `slimbench compare` calls it a change. */
export const compareSettings = z
  .object({
    accuracyTolerance: z
      .number()
      .min(0)
      .max(1)
      .default(0.01)
      .describe('accuracy drop (as a fraction: 0.01 = 1 point) a regression must reach, besides being significant'),
    speedTolerance: z
      .number()
      .min(0)
      .max(10)
      .default(0.1)
      .describe('relative speed drop (0.1 = 10%) a regression must reach; widened to the measurement CI'),
    sizeTolerance: z.number().min(0).max(10).default(0.001).describe('relative size growth (0.001 = 0.1%) that counts as a regression'),
  })
  .strict();

/** Tolerances of a comparison (the suite's `compare` field with defaults filled in). */
export type CompareSettings = z.infer<typeof compareSettings>;

/** The tolerances used when a suite sets none. */
export const DEFAULT_COMPARE: CompareSettings = compareSettings.parse({});
