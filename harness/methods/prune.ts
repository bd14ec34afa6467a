import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { CompressionMethod } from './types.js';

/** Settings of unstructured magnitude pruning. */
export const pruneSettings = z
  .object({
    sparsity: z.number().min(0).max(0.99).describe('share of each kernel\'s weights set to zero (0..0.99)'),
  })
  .strict();
export type PruneSettings = z.infer<typeof pruneSettings>;

/** Weights that pruning and quantization treat as prunable: kernels and embeddings, not biases or norms. */
export function isPrunable(w: tf.LayerVariable): boolean {
  return w.shape.length >= 2 && /(kernel|embeddings)$/.test(w.originalName);
}

/**
 * Zeroes the `sparsity` share of smallest-magnitude values of `values` in place (exactly
 * `round(sparsity * n)` of them; ties broken by position) and returns the mask (1 = kept).
 */
export function magnitudeMask(values: Float32Array, sparsity: number): Uint8Array {
  const k = Math.round(sparsity * values.length);
  const order = Array.from(values.keys()).sort((a, b) => Math.abs(values[a]) - Math.abs(values[b]) || a - b);
  const mask = new Uint8Array(values.length).fill(1);
  for (let i = 0; i < k; i++) {
    mask[order[i]] = 0;
    values[order[i]] = 0;
  }
  return mask;
}

/** Unstructured magnitude pruning, layer by layer. */
export const prune: CompressionMethod<PruneSettings> = {
  description: 'unstructured magnitude pruning: zeroes the smallest weights of every kernel',
  settings: pruneSettings,
  async apply(model, settings) {
    const layers: { weight: string; size: number; zeros: number }[] = [];
    for (const layer of model.layers) {
      for (const w of layer.weights.filter(isPrunable)) {
        const values = w.read().dataSync().slice() as Float32Array;
        magnitudeMask(values, settings.sparsity);
        const pruned = tf.tensor(values, w.shape as number[]);
        w.write(pruned);
        pruned.dispose();
        layers.push({ weight: w.name, size: values.length, zeros: values.filter((v) => v === 0).length });
      }
    }
    const size = layers.reduce((a, l) => a + l.size, 0);
    const zeros = layers.reduce((a, l) => a + l.zeros, 0);
    return { model, info: { prunedWeights: size, keptSparsity: size ? zeros / size : 0, layers } };
  },
};
