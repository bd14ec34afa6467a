import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/random.js';
import { trainModel } from '../models/train.js';
import type { MethodContext, MethodResult } from './types.js';

export { fineTuneFields } from './fine-tune-settings.js';

/** Per-weight masks (1 = kept), keyed by the weight's manifest name (`dense_Dense1/kernel`). */
export type WeightMasks = Map<string, Uint8Array>;

/** A method result that also hands over the masks its pruned weights must keep. */
export interface MaskedResult extends MethodResult {
  masks: WeightMasks;
}

/** True when a method result carries pruning masks. */
export function hasMasks(result: MethodResult): result is MaskedResult {
  return (result as Partial<MaskedResult>).masks instanceof Map;
}

/**
 * A method context inside a pipeline: `holdConstraints` re-applies the constraints of earlier
 * steps (pruning masks) and must run after every gradient step of any fine-tuning.
 */
export interface FineTuneContext extends MethodContext {
  holdConstraints?(model: tf.LayersModel): void;
}

/** Re-applies masks to a model's weights (matched by name and size) so that pruned values stay exactly zero. */
export class MaskKeeper {
  private readonly tensors = new Map<string, tf.Tensor>();

  constructor(readonly masks: WeightMasks) {}

  /** Zeroes the masked-out values of every weight of `model` whose name and size match a mask. */
  apply(model: tf.LayersModel): void {
    const targets: [tf.LayerVariable, tf.Tensor][] = [];
    for (const w of model.weights) {
      const mask = this.masks.get(w.originalName);
      const size = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
      if (!mask || mask.length !== size) continue;
      let t = this.tensors.get(w.originalName);
      if (!t || t.size !== size) {
        t?.dispose();
        t = tf.tensor(mask, w.shape as number[], 'bool');
        this.tensors.set(w.originalName, t);
      }
      targets.push([w, t]);
    }
    tf.tidy(() => {
      for (const [w, t] of targets) {
        const v = w.read();
        // where(), not a multiply: a multiply leaves -0 for negative weights.
        w.write(tf.where(t, v, tf.zerosLike(v)));
      }
    });
  }

  /** Frees the mask tensors. */
  dispose(): void {
    for (const t of this.tensors.values()) t.dispose();
    this.tensors.clear();
  }
}

/** What a fine-tuning run did, for a method's info. */
export interface FineTuneInfo {
  epochs: number;
  learningRate: number;
  steps: number;
  loss: number;
}

/** Gradient steps of `epochs` fine-tuning epochs on the context's training split. */
export function fineTuneSteps(ctx: FineTuneContext, epochs: number): number {
  const n = ctx.dataset.train.n;
  return epochs * Math.ceil(n / ctx.train.batchSize);
}

/**
 * Fine-tunes `model` in place for `epochs` on the training split with the original's batch size,
 * the given learning rate (default: the original's / 10) and a seeded batch order. After every
 * step it calls `afterStep`, then the pipeline's `holdConstraints`. Undefined when epochs is 0.
 */
export async function fineTune(
  model: tf.LayersModel,
  ctx: FineTuneContext,
  epochs: number,
  learningRate: number | undefined,
  label: string,
  afterStep?: (model: tf.LayersModel) => void,
): Promise<FineTuneInfo | undefined> {
  if (epochs <= 0) return undefined;
  const rate = learningRate ?? ctx.train.learningRate / 10;
  const settings = { epochs, batchSize: ctx.train.batchSize, learningRate: rate };
  const { loss } = await trainModel(model, ctx.dataset.train, ctx.dataset, settings, Rng.derive(ctx.seed, `fine-tune:${label}`), {
    afterStep: (m) => {
      afterStep?.(m);
      ctx.holdConstraints?.(m);
    },
    onEpoch: (e, l) => ctx.log(`${label}: fine-tuning epoch ${e + 1}/${epochs}, loss ${l.toFixed(4)}`),
  });
  return { epochs, learningRate: rate, steps: fineTuneSteps(ctx, epochs), loss };
}
