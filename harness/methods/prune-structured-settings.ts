import { z } from 'zod';
import { fineTuneFields } from './fine-tune-settings.js';
import type { MethodSpec } from './spec.js';

const AMOUNT = 'amount must be in 0..0.99';

/** Settings of structured pruning. */
export const pruneStructuredSettings = z
  .object({
    amount: z
      .number()
      .min(0, AMOUNT)
      .max(0.99, AMOUNT)
      .describe('share of units (Dense) or filters (Conv2D) removed from every prunable layer (0..0.99; at least one is kept)'),
    norm: z.enum(['l1', 'l2']).default('l1').describe("norm of a unit's incoming weights that ranks it: 'l1' (sum of magnitudes) or 'l2'"),
    ...fineTuneFields,
  })
  .strict();
/** Parsed settings of `prune-structured`. */
export type PruneStructuredSettings = z.infer<typeof pruneStructuredSettings>;

/** Description and settings of `prune-structured`. */
export const pruneStructuredSpec: MethodSpec<PruneStructuredSettings> = {
  description:
    'structured pruning: removes the weakest Dense units and Conv2D filters (L1/L2 norm) and rebuilds a smaller model, optionally fine-tuned',
  settings: pruneStructuredSettings,
};
