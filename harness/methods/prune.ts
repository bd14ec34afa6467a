import * as tf from '@tensorflow/tfjs';
import {
  fineTune,
  fineTuneSteps,
  MaskKeeper,
  type FineTuneContext,
  type FineTuneInfo,
  type MaskedResult,
  type WeightMasks,
} from './fine-tune.js';
import { globalMagnitudeMasks, magnitudeMask, nmMask, parsePattern, polynomialSparsity, type NmPattern } from './prune-masks.js';
import type { CompressionMethod } from './types.js';
import { pruneSpec, type PruneSettings } from './prune-settings.js';

export { pruneSettings, type PruneSettings } from './prune-settings.js';

export { magnitudeMask } from './prune-masks.js';

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
function sparsityReport(
  model: tf.LayersModel,
  only?: readonly string[],
): { prunedWeights: number; keptSparsity: number; layers: { weight: string; size: number; zeros: number; sparsity: number }[] } {
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
  ...pruneSpec,
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
