import * as tf from '@tensorflow/tfjs';
import { inputGradPad, type KernelArgs, requireInputs, withWasmOps } from './wasm-ops.js';

type Shape4 = [number, number, number, number];

/**
 * A faster `Conv2DBackpropInput` for wasm, built on the stock one it replaces.
 *
 * The stock kernel is a plain loop; the input gradient is also an ordinary convolution of the
 * zero-stuffed, padded dy with the filter flipped in space and with its channel axes swapped,
 * which XNNPACK runs several times faster. Strided forward convs multiply the work by the
 * stuffed zeros, so they stay on the stock kernel.
 */
export function makeConv2DBackpropInput(stock: tf.KernelFunc): tf.KernelFunc {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { dy, filter } = requireInputs(tf.Conv2DBackpropInput, args, ['dy', 'filter']);
    const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as Shape4,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      dataFormat,
    );
    if (info.strideHeight !== 1 || info.strideWidth !== 1) {
      return stock(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    }
    return withWasmOps(args.backend, (ops) => {
      const channelsFirst = info.dataFormat === 'channelsFirst';
      const dyHwc = channelsFirst ? ops.transpose(dy, [0, 2, 3, 1]) : dy;
      const flipped = ops.transpose(ops.run('Reverse', { x: filter }, { dims: [0, 1] }), [0, 1, 3, 2]);
      const window = ops.cropForPadding(
        dyHwc,
        inputGradPad(info.inHeight, info.padInfo.top, info.filterHeight, 1, dyHwc.shape[1]),
        inputGradPad(info.inWidth, info.padInfo.left, info.filterWidth, 1, dyHwc.shape[2]),
      );
      const dx = ops.run(
        'Conv2D',
        { x: window.x, filter: flipped },
        { strides: [1, 1], dilations: [1, 1], pad: window.pad, dataFormat: 'NHWC' },
      );
      return channelsFirst ? ops.transpose(dx, [0, 3, 1, 2]) : dx;
    });
  };
  return kernelFunc as unknown as tf.KernelFunc;
}
