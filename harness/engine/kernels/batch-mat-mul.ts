import * as tf from '@tensorflow/tfjs';
import { type KernelArgs, requireInputs, withWasmOps } from './wasm-ops.js';

/**
 * A faster `BatchMatMul` for wasm, built on the stock one it replaces.
 *
 * The stock kernel is fast only without transposes; with `transposeA`/`transposeB` (every
 * dense layer's backward pass) it falls to a loop several times slower. Transposing the
 * operand first and multiplying without transposes gives the same product much sooner.
 */
export function makeBatchMatMul(stock: tf.KernelFunc): tf.KernelFunc {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { a, b } = requireInputs(tf.BatchMatMul, args, ['a', 'b']);
    const attrs = args.attrs as unknown as tf.BatchMatMulAttrs;
    if (!attrs.transposeA && !attrs.transposeB) {
      return stock(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    }
    return withWasmOps(args.backend, (ops) => {
      const swapLast = (x: tf.TensorInfo): tf.TensorInfo => {
        const perm = x.shape.map((_, i) => i);
        perm.splice(-2, 2, perm.length - 1, perm.length - 2);
        return ops.transpose(x, perm);
      };
      const inputs = { a: attrs.transposeA ? swapLast(a) : a, b: attrs.transposeB ? swapLast(b) : b };
      return ops.call(stock, inputs, { ...attrs, transposeA: false, transposeB: false })[0];
    });
  };
  return kernelFunc as unknown as tf.KernelFunc;
}
