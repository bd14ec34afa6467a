import * as tf from '@tensorflow/tfjs';
import { inputGradPad, type KernelArgs, requireInputs, withWasmOps } from './wasm-ops.js';

/**
 * `DepthwiseConv2dNativeBackpropInput` for wasm: the gradient of a depthwise conv's input.
 *
 * dx is the correlation of dy (zero-stuffed by the forward stride) with the spatially flipped
 * filter, at the forward dilation. Each of the c·M gradient channels is convolved with its own
 * tap (a depthwise conv with multiplier 1) and the M channels of each input channel are summed.
 */
export function depthwiseConv2dNativeBackpropInput(args: KernelArgs): tf.TensorInfo {
  const { dy, filter } = requireInputs(tf.DepthwiseConv2dNativeBackpropInput, args, ['dy', 'filter']);
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const [batch, inH, inW, channels] = attrs.inputShape;
  const { filterHeight: kh, filterWidth: kw, dilationHeight: dh, dilationWidth: dw } = info;
  const multiplier = info.outChannels / info.inChannels;
  return withWasmOps(args.backend, (ops) => {
    const flipped = ops.run('Reverse', { x: filter }, { dims: [0, 1] });
    const taps = ops.reshape(flipped, [kh, kw, channels * multiplier, 1]);
    const stuffed = ops.zeroStuff(dy, info.strideHeight, info.strideWidth);
    const window = ops.cropForPadding(
      stuffed,
      inputGradPad(inH, info.padInfo.top, kh, dh, stuffed.shape[1]),
      inputGradPad(inW, info.padInfo.left, kw, dw, stuffed.shape[2]),
    );
    const perTap = ops.run(
      'DepthwiseConv2dNative',
      { x: window.x, filter: taps },
      { strides: [1, 1], dilations: [dh, dw], pad: window.pad },
    );
    if (multiplier === 1) return perTap;
    return ops.sum(ops.reshape(perTap, [batch, inH, inW, channels, multiplier]), 4);
  });
}

/** Kernel config registering {@link depthwiseConv2dNativeBackpropInput} for the wasm backend. */
export const depthwiseConv2dNativeBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInput as unknown as tf.KernelFunc,
};
