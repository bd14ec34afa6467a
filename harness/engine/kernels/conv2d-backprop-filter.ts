import * as tf from '@tensorflow/tfjs';
import { filterGradPad, type KernelArgs, requireInputs, withWasmOps } from './wasm-ops.js';

type Shape4 = [number, number, number, number];

/**
 * `Conv2DBackpropFilter` for wasm: the gradient of a conv2d's filter.
 *
 * dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b, oh·s + kh·d − pad, ow·s + kw·d − pad, ci] · dy[b,oh,ow,co] is
 * itself a convolution once the batch is moved into the channel axis: the input is x as
 * [ci, H, W, b], the "filter" is dy as [oh, ow, b, co], and the roles of stride and dilation
 * swap. So the whole gradient is one XNNPACK convolution plus three transposes.
 */
export function conv2DBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const { x, dy } = requireInputs(tf.Conv2DBackpropFilter, args, ['x', 'dy']);
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs & { dilations?: number | [number, number] };
  const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
  // The stock gradient never passes dilations; accepting them keeps direct callers correct.
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4,
    attrs.filterShape,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    dataFormat,
  );
  return withWasmOps(args.backend, (ops) => {
    const channelsFirst = info.dataFormat === 'channelsFirst';
    const xHwc = channelsFirst ? ops.transpose(x, [0, 2, 3, 1]) : x;
    const dyHwc = channelsFirst ? ops.transpose(dy, [0, 2, 3, 1]) : dy;
    const xT = ops.transpose(xHwc, [3, 1, 2, 0]);
    const dyT = ops.transpose(dyHwc, [1, 2, 0, 3]);
    const padH = filterGradPad(info.inHeight, info.padInfo.top, info.outHeight, info.strideHeight, info.filterHeight, info.dilationHeight);
    const padW = filterGradPad(info.inWidth, info.padInfo.left, info.outWidth, info.strideWidth, info.filterWidth, info.dilationWidth);
    const window = ops.cropForPadding(xT, padH, padW);
    const grad = ops.run(
      'Conv2D',
      { x: window.x, filter: dyT },
      {
        strides: [info.dilationHeight, info.dilationWidth],
        dilations: [info.strideHeight, info.strideWidth],
        pad: window.pad,
        dataFormat: 'NHWC',
      },
    );
    return ops.transpose(grad, [1, 2, 0, 3]);
  });
}

/** Kernel config registering {@link conv2DBackpropFilter} for the wasm backend. */
export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
};
