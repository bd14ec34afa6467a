import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-backprop-input.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';

/** The training kernels that `@tensorflow/tfjs-backend-wasm` 4.22 lacks, implemented here. */
export const wasmTrainingKernelConfigs: readonly tf.KernelConfig[] = [
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  unsortedSegmentSumConfig,
];

const registeredHere = new Set<string>();

/**
 * Registers the missing training kernels (conv and depthwise-conv gradients, UnsortedSegmentSum)
 * for the wasm backend, so `model.fit` of conv nets and Embedding models works there.
 *
 * Idempotent: a kernel already registered for wasm (by an earlier call, or natively by a newer
 * tfjs) is left as it is. Returns the names of the kernels this module has registered.
 */
export function registerWasmTrainingKernels(): string[] {
  for (const config of wasmTrainingKernelConfigs) {
    if (tf.getKernel(config.kernelName, 'wasm') === undefined) {
      tf.registerKernel(config);
      registeredHere.add(config.kernelName);
    }
  }
  return [...registeredHere];
}
