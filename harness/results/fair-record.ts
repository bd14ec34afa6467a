import { z } from 'zod';

const estimate = z.object({ value: z.number(), ci: z.tuple([z.number(), z.number()]) });

/** A variant against one of its compute-matched controls: every confusion metric's paired difference (variant − control), flips and McNemar p. */
export const controlComparison = z
  .object({
    /** Id of the control cell (or a description of a control the method trained itself). */
    control: z.string(),
    /** `fine-tune`: the original trained as long; `from-scratch`: the same small architecture from fresh weights; `hard-labels`: a distilled student's own control. */
    kind: z.enum(['fine-tune', 'from-scratch', 'hard-labels']),
    mcnemarP: z.number(),
    /** Rows the control got right and the variant wrong, and the reverse. */
    flips: z.object({ rightToWrong: z.number(), wrongToRight: z.number() }),
    // The confusion metrics of measure/quality.ts (CONFUSION_METRICS), each variant − control.
    accuracy: estimate,
    balancedAccuracy: estimate.optional(),
    precisionMacro: estimate.optional(),
    recallMacro: estimate.optional(),
    f1Macro: estimate.optional(),
    precisionWeighted: estimate.optional(),
    recallWeighted: estimate.optional(),
    f1Weighted: estimate.optional(),
  })
  .strict();
export type ControlComparison = z.infer<typeof controlComparison>;

/** One class's accuracy in a variant against the original, with its paired test. */
export const classChange = z.object({
  class: z.number(),
  support: z.number(),
  original: z.number(),
  variant: z.number(),
  change: z.number(),
  rightToWrong: z.number(),
  wrongToRight: z.number(),
  p: z.number(),
  q: z.number(),
  lost: z.boolean(),
});

/** Per-class change of a variant against its seed's original; `lost`: classes with q <= fdr that lost accuracy. */
export const forgetting = z.object({ fdr: z.number(), classes: z.array(classChange), lost: z.array(z.number()) });

/** A test item as a page shows it. */
export const itemView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('image'), width: z.number(), height: z.number(), pixels: z.array(z.number()) }),
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('values'), values: z.array(z.object({ name: z.string(), value: z.number() })) }),
]);
export type ItemView = z.infer<typeof itemView>;

/** Forgotten exemplars of a run: per variant, test rows the original gets right and the variant wrong in most of its cells. */
export const forgottenRecord = z.object({
  /** Items shown per variant (the first of `items`); `items` keeps up to 200, `total` counts all. */
  shown: z.number(),
  variants: z.array(
    z.object({
      variant: z.string(),
      cells: z.array(z.string()),
      total: z.number(),
      items: z.array(z.object({ row: z.number(), label: z.number(), forgotten: z.number(), of: z.number(), predicted: z.number() })),
    }),
  ),
  /** The shown items by test row. */
  items: z.record(z.string(), itemView),
});
export type ForgottenRecord = z.infer<typeof forgottenRecord>;

/** Cell fields of fair comparisons (spread into the cell record schema). */
export const fairCellFields = {
  /** `control`: a compute-matched control cell (suite `controls: auto`). */
  role: z.literal('control').optional(),
  /** Ids of the cell's control cells. */
  controls: z.array(z.string()).optional(),
  /** Against its first control; `vsControls` against each, by control id. */
  vsControl: controlComparison.optional(),
  vsControls: z.record(z.string(), controlComparison).optional(),
  forgetting: forgetting.optional(),
  /** Mean KL(original ‖ variant) in nats and total variation of the output distributions, with bootstrap CIs. */
  kl: estimate.optional(),
  tv: estimate.optional(),
};
