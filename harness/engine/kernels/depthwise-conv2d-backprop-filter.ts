import * as tf from '@tensorflow/tfjs';
import { filterGradPad, type KernelArgs, requireInputs, withWasmOps } from './wasm-ops.js';

type Shape4 = [number, number, number, number];

/**
 * `DepthwiseConv2dNativeBackpropFilter` for wasm: the gradient of a depthwise conv's filter.
 *
 * dW[kh,kw,c,m] = Σ_{b,oh,ow} x[b, oh·s + kh·d − pad, ow·s + kw·d − pad, c] · dy[b,oh,ow,c·M+m].
 * Moving the batch into the channel axis (x as one image with c·B channels, dy as a depthwise
 * filter [oh, ow, c·B, M]) makes this one depthwise convolution with stride and dilation swapped;
 * its output [kh, kw, c, B, M] is then summed over B. Work is exactly the gradient's MACs.
 */
export function depthwiseConv2dNativeBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const { x, dy } = requireInputs(tf.DepthwiseConv2dNativeBackpropFilter, args, ['x', 'dy']);
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4,
    attrs.filterShape,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const [batch, inH, inW, channels] = x.shape;
  const multiplier = info.outChannels / info.inChannels;
  return withWasmOps(args.backend, (ops) => {
    const xImage = ops.reshape(ops.transpose(x, [1, 2, 3, 0]), [1, inH, inW, channels * batch]);
    const dyCells = ops.reshape(dy, [batch, info.outHeight * info.outWidth, channels, multiplier]);
    const dyFilter = ops.reshape(ops.transpose(dyCells, [1, 2, 0, 3]), [info.outHeight, info.outWidth, channels * batch, multiplier]);
    const padH = filterGradPad(inH, info.padInfo.top, info.outHeight, info.strideHeight, info.filterHeight, info.dilationHeight);
    const padW = filterGradPad(inW, info.padInfo.left, info.outWidth, info.strideWidth, info.filterWidth, info.dilationWidth);
    const window = ops.cropForPadding(xImage, padH, padW);
    const perImage = ops.run(
      'DepthwiseConv2dNative',
      { x: window.x, filter: dyFilter },
      {
        strides: [info.dilationHeight, info.dilationWidth],
        dilations: [info.strideHeight, info.strideWidth],
        pad: window.pad,
      },
    );
    const shape = [info.filterHeight, info.filterWidth, channels, batch, multiplier];
    if (batch === 1) return ops.reshape(perImage, [info.filterHeight, info.filterWidth, channels, multiplier]);
    return ops.sum(ops.reshape(perImage, shape), 3);
  });
}

/** Kernel config registering {@link depthwiseConv2dNativeBackpropFilter} for the wasm backend. */
export const depthwiseConv2dNativeBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilter as unknown as tf.KernelFunc,
};
