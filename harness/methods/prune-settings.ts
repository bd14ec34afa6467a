import { z } from 'zod';
import { fineTuneFields } from './fine-tune-settings.js';
import { MAX_PATTERN_M, parsePattern } from './prune-masks.js';
import type { MethodSpec } from './spec.js';

const SPARSITY = 'must be in 0..0.99';
const sparsity = (name: string) => z.number().min(0, `${name} ${SPARSITY}`).max(0.99, `${name} ${SPARSITY}`);
const PATTERN = `pattern must be 'N:M' with integers 1 <= N < M <= ${MAX_PATTERN_M}, e.g. '2:4'`;

/** Settings of unstructured magnitude pruning. */
export const pruneSettings = z
  .object({
    sparsity: sparsity('sparsity').optional().describe("share of weights set to zero (0..0.99); required unless 'pattern' is set"),
    scope: z
      .enum(['layer', 'global'])
      .default('layer')
      .describe("'layer': each kernel loses that share; 'global': one magnitude threshold across all kernels"),
    schedule: z
      .enum(['oneShot', 'polynomial'])
      .default('oneShot')
      .describe(
        "'oneShot': prune once, then fine-tune; 'polynomial': sparsity rises from initialSparsity to sparsity over the fine-tuning steps (cubic, as TF Model Optimization's PolynomialDecay; needs fineTuneEpochs >= 1)",
      ),
    initialSparsity: sparsity('initialSparsity').default(0).describe('sparsity at the start of the polynomial schedule (0..0.99)'),
    frequency: z
      .number()
      .int('frequency must be an integer in 1..100000')
      .min(1, 'frequency must be in 1..100000')
      .max(100_000, 'frequency must be in 1..100000')
      .default(10)
      .describe('gradient steps between mask updates of the polynomial schedule (1..100000)'),
    pattern: z
      .string()
      .refine((p) => parsePattern(p) !== undefined, PATTERN)
      .optional()
      .describe(
        `N:M sparsity instead of a share: every group of M consecutive weights along the input axis keeps its N largest ('N:M', 1 <= N < M <= ${MAX_PATTERN_M}, e.g. '2:4')`,
      ),
    ...fineTuneFields,
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.pattern === undefined && s.sparsity === undefined)
      ctx.addIssue({ code: 'custom', path: ['sparsity'], message: `set sparsity (0..0.99) or pattern ('N:M', e.g. '2:4')` });
    if (s.pattern !== undefined && s.sparsity !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: 'set either sparsity or pattern, not both (N:M fixes the sparsity at 1 - N/M)',
      });
    if (s.pattern !== undefined && s.scope === 'global')
      ctx.addIssue({ code: 'custom', path: ['scope'], message: "an N:M pattern applies per group, so scope must be 'layer'" });
    if (s.pattern !== undefined && s.schedule === 'polynomial')
      ctx.addIssue({ code: 'custom', path: ['schedule'], message: "an N:M pattern is applied one-shot; use schedule 'oneShot'" });
    if (s.schedule === 'polynomial' && s.fineTuneEpochs < 1)
      ctx.addIssue({
        code: 'custom',
        path: ['fineTuneEpochs'],
        message: "schedule 'polynomial' prunes during fine-tuning: set fineTuneEpochs to 1..1000",
      });
    if (s.schedule === 'polynomial' && s.sparsity !== undefined && s.initialSparsity > s.sparsity)
      ctx.addIssue({ code: 'custom', path: ['initialSparsity'], message: `initialSparsity must be in 0..sparsity (${s.sparsity})` });
  });
/** Parsed settings of `prune`. */
export type PruneSettings = z.infer<typeof pruneSettings>;

/** Description and settings of `prune`. */
export const pruneSpec: MethodSpec<PruneSettings> = {
  description:
    'unstructured magnitude pruning: zeroes the smallest weights of every kernel (per layer or global, one-shot or polynomial, optional N:M pattern), optionally fine-tuned with the zeros held',
  settings: pruneSettings,
};
