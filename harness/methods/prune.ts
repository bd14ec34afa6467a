import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { fineTune, fineTuneFields, fineTuneSteps, MaskKeeper, type FineTuneContext, type FineTuneInfo, type MaskedResult, type WeightMasks } from './fine-tune.js';
import { globalMagnitudeMasks, magnitudeMask, MAX_PATTERN_M, nmMask, parsePattern, polynomialSparsity, type NmPattern } from './prune-masks.js';
import type { CompressionMethod } from './types.js';

export { magnitudeMask } from './prune-masks.js';

const SPARSITY = 'must be in 0..0.99';
const sparsity = (name: string) => z.number().min(0, `${name} ${SPARSITY}`).max(0.99, `${name} ${SPARSITY}`);
const PATTERN = `pattern must be 'N:M' with integers 1 <= N < M <= ${MAX_PATTERN_M}, e.g. '2:4'`;

/** Settings of unstructured magnitude pruning. */
export const pruneSettings = z
  .object({
    sparsity: sparsity('sparsity').optional().describe("share of weights set to zero (0..0.99); required unless 'pattern' is set"),
    scope: z.enum(['layer', 'global']).default('layer').describe("'layer': each kernel loses that share; 'global': one magnitude threshold across all kernels"),
    schedule: z
      .enum(['oneShot', 'polynomial'])
      .default('oneShot')
      .describe("'oneShot': prune once, then fine-tune; 'polynomial': sparsity rises from initialSparsity to sparsity over the fine-tuning steps (cubic, as TF Model Optimization's PolynomialDecay; needs fineTuneEpochs >= 1)"),
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
      .describe(`N:M sparsity instead of a share: every group of M consecutive weights along the input axis keeps its N largest ('N:M', 1 <= N < M <= ${MAX_PATTERN_M}, e.g. '2:4')`),
    ...fineTuneFields,
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.pattern === undefined && s.sparsity === undefined) ctx.addIssue({ code: 'custom', path: ['sparsity'], message: `set sparsity (0..0.99) or pattern ('N:M', e.g. '2:4')` });
    if (s.pattern !== undefined && s.sparsity !== undefined) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'set either sparsity or pattern, not both (N:M fixes the sparsity at 1 - N/M)' });
    if (s.pattern !== undefined && s.scope === 'global') ctx.addIssue({ code: 'custom', path: ['scope'], message: "an N:M pattern applies per group, so scope must be 'layer'" });
    if (s.pattern !== undefined && s.schedule === 'polynomial') ctx.addIssue({ code: 'custom', path: ['schedule'], message: "an N:M pattern is applied one-shot; use schedule 'oneShot'" });
    if (s.schedule === 'polynomial' && s.fineTuneEpochs < 1) ctx.addIssue({ code: 'custom', path: ['fineTuneEpochs'], message: "schedule 'polynomial' prunes during fine-tuning: set fineTuneEpochs to 1..1000" });
    if (s.schedule === 'polynomial' && s.sparsity !== undefined && s.initialSparsity > s.sparsity) ctx.addIssue({ code: 'custom', path: ['initialSparsity'], message: `initialSparsity must be in 0..sparsity (${s.sparsity})` });
  });
/** Parsed settings of `prune`. */
export type PruneSettings = z.infer<typeof pruneSettings>;

/** Weights that pruning and quantization treat as prunable: kernels and embeddings, not biases or norms. */
export function isPrunable(w: tf.LayerVariable): boolean {
  return w.shape.length >= 2 && /(kernel|embeddings)$/.test(w.originalName);
}

/** The prunable weights of `model`, of the named layers only when `layers` is given (sensitivity cells). */
export function prunableWeights(model: tf.LayersModel, layers?: readonly string[]): tf.LayerVariable[] {
  const chosen = layers ? model.layers.filter((l) => layers.includes(l.name)) : model.layers;
  return chosen.flatMap((l) => l.weights).filter(isPrunable);
}

/** How to choose the mask at one sparsity (or pattern). */
type Target = { scope: 'layer' | 'global'; sparsity: number } | { pattern: NmPattern };

/** Prunes the prunable weights of `model` in place to `target` by magnitude; returns their masks. */
export function pruneWeights(model: tf.LayersModel, target: Target, layers?: readonly string[]): WeightMasks {
  const weights = prunableWeights(model, layers);
  const values = weights.map((w) => w.read().dataSync().slice() as Float32Array);
  let masks: Uint8Array[];
  if ('pattern' in target) masks = weights.map((w, i) => nmMask(values[i], w.shape as number[], target.pattern));
  else if (target.scope === 'global') masks = globalMagnitudeMasks(values, target.sparsity);
  else masks = values.map((v) => magnitudeMask(v, target.sparsity));
  weights.forEach((w, i) => {
    const t = tf.tensor(values[i], w.shape as number[]);
    w.write(t);
    t.dispose();
  });
  return new Map(weights.map((w, i) => [w.originalName, masks[i]]));
}

/** Size and zeros of every prunable weight, and their totals. */
function sparsityReport(model: tf.LayersModel, only?: readonly string[]): { prunedWeights: number; keptSparsity: number; layers: { weight: string; size: number; zeros: number; sparsity: number }[] } {
  const layers = prunableWeights(model, only).map((w) => {
    const values = w.read().dataSync();
    let zeros = 0;
    for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
    return { weight: w.originalName, size: values.length, zeros, sparsity: values.length ? zeros / values.length : 0 };
  });
  const size = layers.reduce((a, l) => a + l.size, 0);
  const zeros = layers.reduce((a, l) => a + l.zeros, 0);
  return { prunedWeights: size, keptSparsity: size ? zeros / size : 0, layers };
}

/** Unstructured magnitude pruning (per layer or global, one-shot or gradual, optionally N:M), with optional fine-tuning under fixed masks. */
export const prune: CompressionMethod<PruneSettings> = {
  description: 'unstructured magnitude pruning: zeroes the smallest weights of every kernel (per layer or global, one-shot or polynomial, optional N:M pattern), optionally fine-tuned with the zeros held',
  settings: pruneSettings,
  async apply(model, s, context): Promise<MaskedResult> {
    const ctx = context as FineTuneContext;
    const pattern = s.pattern !== undefined ? parsePattern(s.pattern) : undefined;
    const finalSparsity = pattern ? 1 - pattern.n / pattern.m : (s.sparsity ?? 0);
    const targetAt = (sp: number): Target => (pattern ? { pattern } : { scope: s.scope, sparsity: sp });
    const gradual = s.schedule === 'polynomial';
    let keeper = new MaskKeeper(pruneWeights(model, targetAt(gradual ? s.initialSparsity : finalSparsity), ctx.layers));
    const updates: { step: number; sparsity: number }[] = [];
    let fineTuned: FineTuneInfo | undefined;
    try {
      const total = fineTuneSteps(ctx, s.fineTuneEpochs);
      let step = 0;
      fineTuned = await fineTune(model, ctx, s.fineTuneEpochs, s.fineTuneLearningRate, 'prune', (m) => {
        step++;
        if (gradual && (step % s.frequency === 0 || step === total)) {
          const sp = polynomialSparsity(step, total, s.initialSparsity, finalSparsity);
          keeper.dispose();
          keeper = new MaskKeeper(pruneWeights(m, targetAt(sp), ctx.layers));
          updates.push({ step, sparsity: sp });
        } else {
          keeper.apply(m);
        }
      });
    } finally {
      keeper.dispose();
    }
    const report = sparsityReport(model, ctx.layers);
    const info: Record<string, unknown> = {
      scope: pattern ? 'layer' : s.scope,
      ...(pattern ? { pattern: s.pattern } : {}),
      schedule: s.schedule,
      targetSparsity: finalSparsity,
      ...report,
      ...(gradual ? { scheduleUpdates: updates.length, firstUpdate: updates[0], lastUpdate: updates[updates.length - 1] } : {}),
      ...(fineTuned ? { fineTune: fineTuned } : {}),
    };
    return { model, info, masks: keeper.masks };
  },
};
