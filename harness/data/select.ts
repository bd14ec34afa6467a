import * as tf from '@tensorflow/tfjs';
import type { Dataset, Split } from './types.js';

/** A dataset restricted to some input feature columns, plus the same projection for tensors. */
export interface FeatureView {
  inputShape: number[];
  test: Split;
  train: Split;
  /** Projects a full-width input batch tensor [n, d] onto the kept columns. */
  project(x: tf.Tensor): tf.Tensor;
}

/** Keeps the feature columns `keep` (indices into a flat `[d]` input) of every row. */
export function selectFeatures(ds: Dataset, keep: number[]): FeatureView {
  const d = ds.inputShape.reduce((a, b) => a * b, 1);
  const pick = (s: Split): Split => {
    const x = new Float32Array(s.n * keep.length);
    for (let i = 0; i < s.n; i++) for (let j = 0; j < keep.length; j++) x[i * keep.length + j] = s.x[i * d + keep[j]];
    return { x, y: s.y, n: s.n };
  };
  const idx = Int32Array.from(keep);
  return {
    inputShape: [keep.length],
    train: pick(ds.train),
    test: pick(ds.test),
    project: (x) => tf.tidy(() => tf.gather(x.reshape([x.shape[0], d]), tf.tensor1d(idx, 'int32'), 1)),
  };
}
