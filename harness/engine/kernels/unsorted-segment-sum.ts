import * as tf from '@tensorflow/tfjs';
import { type KernelArgs, requireInputs, withWasmOps } from './wasm-ops.js';

/**
 * `UnsortedSegmentSum` for wasm (the gradient of gather, so of Embedding):
 * out[s, ...] = Σ_{i: ids[i] = s} x[i, ...].
 *
 * That is a ScatterNd of the rows of x at their ids, which the wasm kernel does in one pass,
 * adding up rows whose ids repeat. Ids outside [0, numSegments) match no segment, as on the cpu
 * backend: they are sent to one spare row that is cut off afterwards.
 */
export function unsortedSegmentSum(args: KernelArgs): tf.TensorInfo {
  const { x, segmentIds } = requireInputs(tf.UnsortedSegmentSum, args, ['x', 'segmentIds']);
  const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
  const numIds = tf.util.sizeFromShape(segmentIds.shape);
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const rowSize = tf.util.sizeFromShape(innerShape);
  return withWasmOps(args.backend, (ops) => {
    const rows = ops.reshape(x, [numIds, rowSize]);
    const ids = ops.backend.readSync(segmentIds.dataId) as Int32Array;
    const outOfRange = ids.some((id) => id < 0 || id >= numSegments);
    const indices = outOfRange
      ? ops.own(ops.backend.makeOutput([numIds, 1], 'int32', undefined, spareRowIds(ids, numSegments)))
      : ops.reshape(segmentIds, [numIds, 1]);
    const segments = outOfRange ? numSegments + 1 : numSegments;
    let summed = ops.run('ScatterNd', { indices, updates: rows }, { shape: [segments, rowSize] });
    if (outOfRange) summed = ops.run('Slice', { x: summed }, { begin: [0, 0], size: [numSegments, rowSize] });
    return ops.reshape(summed, [numSegments, ...innerShape]);
  });
}

/** Copies `ids` with every id outside [0, numSegments) replaced by numSegments. */
function spareRowIds(ids: Int32Array, numSegments: number): Int32Array {
  return ids.map((id) => (id < 0 || id >= numSegments ? numSegments : id));
}

/** Kernel config registering {@link unsortedSegmentSum} for the wasm backend. */
export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc,
};
