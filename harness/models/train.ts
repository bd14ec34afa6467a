import * as tf from '@tensorflow/tfjs';
import type { Predictor } from '../engine/predictor.js';
import { Rng } from '../data/random.js';
import { rowSize, type Dataset, type Split } from '../data/types.js';
import type { TrainSettings } from './train-settings.js';

export { trainSettings, type TrainSettings } from './train-settings.js';

/** Hooks that let a method constrain training (e.g. keep pruned weights at zero). */
export interface TrainHooks {
  /** Called after every gradient step, with the model. */
  afterStep?(model: tf.LayersModel): void;
  /** Called after each epoch with its mean loss. */
  onEpoch?(epoch: number, loss: number): void;
  /** Custom loss instead of sparse categorical cross-entropy. */
  loss?: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
  /** Targets per row when the loss needs more than the class index (e.g. soft labels), row-major. */
  targets?: { values: Float32Array; width: number };
}

/** Compiles `model` with Adam and the given loss. */
export function compile(model: tf.LayersModel, learningRate: number, loss?: TrainHooks['loss']): void {
  model.compile({ optimizer: tf.train.adam(learningRate), loss: loss ?? 'sparseCategoricalCrossentropy' });
}

/**
 * Trains `model` on `split` with seeded batch order (the same seed gives the same batches).
 * Returns the wall time in ms and the mean loss of the last epoch.
 */
export async function trainModel(
  model: tf.LayersModel,
  split: Split,
  shape: Pick<Dataset, 'inputShape'>,
  settings: TrainSettings,
  seed: number,
  hooks: TrainHooks = {},
): Promise<{ trainMs: number; loss: number }> {
  const start = performance.now();
  compile(model, settings.learningRate, hooks.loss);
  const width = rowSize(shape);
  const rng = new Rng(Rng.derive(seed, 'batches'));
  const order = Array.from({ length: split.n }, (_, i) => i);
  let lastLoss = NaN;
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    rng.shuffle(order);
    let sum = 0;
    let steps = 0;
    for (let b = 0; b < split.n; b += settings.batchSize) {
      const rows = order.slice(b, b + settings.batchSize);
      const { xs, ys } = batchTensors(split, rows, shape.inputShape, width, hooks.targets);
      const loss = (await model.trainOnBatch(xs, ys)) as number;
      tf.dispose([xs, ys]);
      hooks.afterStep?.(model);
      sum += loss;
      steps++;
    }
    lastLoss = sum / Math.max(steps, 1);
    hooks.onEpoch?.(epoch, lastLoss);
  }
  // The optimizer's slot variables are not freed by model.dispose(); nothing reuses them.
  model.optimizer.dispose();
  return { trainMs: performance.now() - start, loss: lastLoss };
}

function batchTensors(
  split: Split,
  rows: number[],
  inputShape: number[],
  width: number,
  targets?: TrainHooks['targets'],
): { xs: tf.Tensor; ys: tf.Tensor } {
  const x = new Float32Array(rows.length * width);
  rows.forEach((r, i) => x.set(split.x.subarray(r * width, (r + 1) * width), i * width));
  const xs = tf.tensor(x, [rows.length, ...inputShape]);
  if (targets) {
    const t = new Float32Array(rows.length * targets.width);
    rows.forEach((r, i) => t.set(targets.values.subarray(r * targets.width, (r + 1) * targets.width), i * targets.width));
    return { xs, ys: tf.tensor2d(t, [rows.length, targets.width]) };
  }
  return { xs, ys: tf.tensor1d(Float32Array.from(rows, (r) => split.y[r])) };
}

/** Class probabilities for every row of `split`, computed in batches; row-major [n, classes]. */
export function predictProbs(model: Predictor, split: Split, inputShape: number[], batchSize = 512): Float32Array {
  const width = inputShape.reduce((a, b) => a * b, 1);
  const chunks: Float32Array[] = [];
  for (let b = 0; b < split.n; b += batchSize) {
    const n = Math.min(batchSize, split.n - b);
    const out = tf.tidy(() => {
      const xs = tf.tensor(split.x.subarray(b * width, (b + n) * width), [n, ...inputShape]);
      return (model.predict(xs) as tf.Tensor).dataSync() as Float32Array;
    });
    chunks.push(out);
  }
  const total = new Float32Array(chunks.reduce((a, c) => a + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    total.set(c, off);
    off += c.length;
  }
  return total;
}
