import type * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { Rng } from '../data/random.js';
import type { Split } from '../data/types.js';
import { argmaxRows } from '../measure/quality.js';
import { predictProbs } from '../models/train.js';

/**
 * Importance of each of the `d` input features as the L2 norm of its row of the first Dense
 * layer's kernel ([d, units]): how strongly the model's first layer reads that column. Meaningful
 * when the features are on a common scale (the csv source standardizes them by default).
 */
export function weightNormImportance(model: tf.LayersModel, d: number): Float64Array {
  const first = model.layers.find((l) => l.getWeights().length > 0);
  const kernel = first?.getWeights()[0];
  if (!first || first.getClassName() !== 'Dense' || kernel?.shape.length !== 2 || kernel.shape[0] !== d) {
    throw new InputError(
      `feature-select: ranking 'weight-norm' needs the model's first weighted layer to be a Dense layer on the ${d} input features; this model starts with ${first?.getClassName() ?? 'no weighted layer'} — use ranking: permutation`,
      'feature-select-no-dense',
    );
  }
  const [rows, cols] = kernel.shape;
  const w = kernel.dataSync();
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += w[i * cols + j] ** 2;
    out[i] = Math.sqrt(s);
  }
  return out;
}

function accuracy(model: tf.LayersModel, split: Split, classes: number): number {
  const pred = argmaxRows(predictProbs(model, split, [split.x.length / split.n]), classes);
  let right = 0;
  for (let i = 0; i < split.n; i++) if (pred[i] === split.y[i]) right++;
  return right / split.n;
}

/** The rows `rows` of a flat split as a split of their own. */
export function subsetRows(split: Split, rows: ArrayLike<number>, d: number): Split {
  const x = new Float32Array(rows.length * d);
  const y = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    x.set(split.x.subarray(rows[i] * d, (rows[i] + 1) * d), i * d);
    y[i] = split.y[rows[i]];
  }
  return { x, y, n: rows.length };
}

/**
 * Permutation importance (Breiman, 2001) on `validation`: for each feature, the accuracy lost
 * when that column's values are shuffled across rows (mean over `repeats` seeded shuffles).
 * Returns the importances and the unshuffled accuracy.
 */
export function permutationImportance(
  model: tf.LayersModel,
  validation: Split,
  classes: number,
  repeats: number,
  seed: number,
): { importance: Float64Array; baseline: number } {
  const d = validation.x.length / validation.n;
  const baseline = accuracy(model, validation, classes);
  const importance = new Float64Array(d);
  const x = validation.x.slice();
  const order = Array.from({ length: validation.n }, (_, i) => i);
  for (let j = 0; j < d; j++) {
    let lost = 0;
    for (let r = 0; r < repeats; r++) {
      new Rng(Rng.derive(seed, `permute${j}.${r}`)).shuffle(order);
      for (let i = 0; i < validation.n; i++) x[i * d + j] = validation.x[order[i] * d + j];
      lost += baseline - accuracy(model, { ...validation, x }, classes);
    }
    for (let i = 0; i < validation.n; i++) x[i * d + j] = validation.x[i * d + j];
    importance[j] = lost / repeats;
  }
  return { importance, baseline };
}

/** Indices of the `k` most important features (ties: lower index first), ascending. */
export function topFeatures(importance: ArrayLike<number>, k: number): number[] {
  const order = Array.from({ length: importance.length }, (_, i) => i).sort((a, b) => importance[b] - importance[a] || a - b);
  return order.slice(0, k).sort((a, b) => a - b);
}
