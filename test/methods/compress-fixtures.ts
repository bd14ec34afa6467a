import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../harness/data/random.js';
import type { Dataset, Split } from '../../harness/data/types.js';
import { initBackend } from '../../harness/models/backend.js';
import type { MethodContext } from '../../harness/methods/types.js';

/** Switches tfjs to the wasm backend with the training kernels conv nets need. */
export async function useWasm(): Promise<void> {
  await initBackend('wasm');
}

/** A seeded flat dataset: `d` uniform columns in [-1, 1], class = which of the first `classes` columns is largest. */
export function tinyDataset(n = 96, d = 8, classes = 3, seed = 1): Dataset {
  const rng = new Rng(seed);
  const make = (rows: number): Split => {
    const x = Float32Array.from({ length: rows * d }, () => rng.next() * 2 - 1);
    const y = Int32Array.from({ length: rows }, (_, i) => {
      let best = 0;
      for (let c = 1; c < classes; c++) if (x[i * d + c] > x[i * d + best]) best = c;
      return best;
    });
    return { x, y, n: rows };
  };
  return {
    name: 'tiny',
    hash: 'tiny',
    inputShape: [d],
    inputKind: 'float',
    featureNames: Array.from({ length: d }, (_, j) => `f${j}`),
    classNames: Array.from({ length: classes }, (_, c) => `c${c}`),
    train: make(n),
    test: make(Math.round(n / 2)),
  };
}

/** A method context with quick training settings. */
export function tinyContext(dataset: Dataset): MethodContext {
  return { dataset, seed: 5, train: { epochs: 4, batchSize: 16, learningRate: 0.01 }, log: () => {} };
}

/** Overwrites every weight with seeded uniform values in [-spread, spread]. */
export function seedWeights(model: tf.LayersModel, seed: number, spread = 0.5): void {
  const rng = new Rng(seed);
  model.setWeights(
    model.weights.map((w) =>
      tf.tensor(
        Float32Array.from({ length: w.shape.reduce((a: number, b) => a * (b ?? 1), 1) }, () => (rng.next() * 2 - 1) * spread),
        w.shape as number[],
      ),
    ),
  );
}

/** Dense relu stack on `d` inputs with a softmax head, seeded weights; layers named `names` when given. */
export function denseNet(d = 8, hidden = [16, 12], classes = 3, seed = 2, names?: string[]): tf.LayersModel {
  const model = tf.sequential();
  const name = (i: number) => (names ? { name: names[i] } : {});
  hidden.forEach((units, i) =>
    model.add(tf.layers.dense({ units, activation: 'relu', ...name(i), ...(i === 0 ? { inputShape: [d] } : {}) })),
  );
  model.add(tf.layers.dense({ units: classes, activation: 'softmax', ...name(hidden.length) }));
  seedWeights(model, seed);
  return model;
}

/** Model outputs on `x` as plain values. */
export function outputs(model: tf.LayersModel, x: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array).slice();
}

/** Values of the weight named `name` (manifest name). */
export function weightValues(model: tf.LayersModel, name: string): Float32Array {
  const w = model.weights.find((v) => v.originalName === name);
  if (!w) throw new Error(`no weight ${name}`);
  return w.read().dataSync().slice() as Float32Array;
}

/** Number of exact zeros. */
export function zeros(values: ArrayLike<number>): number {
  let z = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) z++;
  return z;
}

/** Largest absolute difference between two equally long arrays. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
