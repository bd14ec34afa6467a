import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelArgs, requireInputs } from './wasm-ops.js';

type Shape4 = [number, number, number, number];

/**
 * `MaxPoolGrad` for wasm, replacing the stock kernel, which loses the gradient of every window
 * whose maximum is negative (its running maximum starts at 0; `MaxPoolWithArgmax` shares the
 * flaw) and is slow besides.
 *
 * Each output gradient goes to the first maximum of its window (row-major), as on the cpu
 * backend and in TensorFlow; overlapping windows that share a winner add up. This is a scan
 * over the wasm heap in place: one comparison per window tap, which no composition of wasm
 * kernels does with the same tie rule and negative inputs.
 */
export function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const { dy, input } = requireInputs(tf.MaxPoolGrad, args, ['dy', 'input']);
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const backend = args.backend as BackendWasm;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as Shape4,
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const out = backend.makeOutput(input.shape, 'float32');
  // Views are taken after the allocation above, which may grow (and so detach) the heap.
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  dx.fill(0);
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const best = new Float32Array(c);
  const where = new Int32Array(c);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * strideHeight - info.padInfo.top;
      const hFrom = Math.max(0, h0);
      const hTo = Math.min(inHeight, h0 + filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = ow * strideWidth - info.padInfo.left;
        const wFrom = Math.max(0, w0);
        const wTo = Math.min(inWidth, w0 + filterWidth);
        best.fill(-Infinity);
        where.fill(-1);
        for (let h = hFrom; h < hTo; h++) {
          for (let w = wFrom; w < wTo; w++) {
            const base = ((b * inHeight + h) * inWidth + w) * c;
            for (let ch = 0; ch < c; ch++) {
              if (x[base + ch] > best[ch]) {
                best[ch] = x[base + ch];
                where[ch] = base + ch;
              }
            }
          }
        }
        const gBase = ((b * outHeight + oh) * outWidth + ow) * c;
        for (let ch = 0; ch < c; ch++) {
          if (where[ch] >= 0) dx[where[ch]] += g[gBase + ch];
        }
      }
    }
  }
  return out;
}

/** The replacement for the stock `MaxPoolGrad`, which it does not use. */
export function makeMaxPoolGrad(): tf.KernelFunc {
  return maxPoolGrad as unknown as tf.KernelFunc;
}
