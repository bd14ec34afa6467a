import type { GraphWeightRewrite } from '../engine/graph-weights.js';
import { nmMask, type NmPattern } from './prune-masks.js';
import type { WeightEncoding } from './types.js';

/**
 * Weight-level methods on graph models, as rewrites of their Const weights: the only methods that
 * apply to a model known by its tensors alone (structural methods need layers).
 */

/** Magnitude pruning of every kernel (rank ≥ 2: conv, depthwise and matmul weights): the `sparsity` share of smallest |w| per tensor set to 0. */
export function pruneGraphKernels(sparsity: number): GraphWeightRewrite {
  return ({ shape, values }) => {
    if (shape.length < 2) return undefined;
    const k = Math.floor(values.length * sparsity);
    if (k === 0) return undefined;
    const order = Array.from(values.keys()).sort((a, b) => Math.abs(values[a]) - Math.abs(values[b]) || a - b);
    const out = Float32Array.from(values);
    for (let i = 0; i < k; i++) out[order[i]] = 0;
    return { values: out };
  };
}

/**
 * N:M pruning of every kernel (rank ≥ 2): along its second-to-last axis (the input features of a
 * MatMul weight `[in, out]`, the input channels of a conv or depthwise filter `[h, w, in, out]`),
 * every group of `m` consecutive weights keeps its `n` largest magnitudes.
 */
export function nmGraphKernels(pattern: NmPattern): GraphWeightRewrite {
  return ({ shape, values }) => {
    if (shape.length < 2) return undefined;
    const out = Float32Array.from(values);
    nmMask(out, shape, pattern);
    return { values: out };
  };
}

/** Every float32 weight stored as `encoding` (float16, or uint8 / uint16 affine codes). */
export function quantizeGraphWeights(encoding: WeightEncoding): GraphWeightRewrite {
  return () => ({ encoding });
}
