import * as tf from '@tensorflow/tfjs';
import { makeBatchMatMul } from './batch-mat-mul.js';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { makeConv2DBackpropInput } from './conv2d-backprop-input.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-backprop-input.js';
import { makeMaxPoolGrad } from './max-pool-grad.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';

/** Training kernels that `@tensorflow/tfjs-backend-wasm` 4.22 lacks, implemented here. */
export const missingWasmKernelConfigs: readonly tf.KernelConfig[] = [
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  unsortedSegmentSumConfig,
];

/** A stock wasm kernel that training leans on, and how to wrap it into a faster one. */
interface KernelOverride {
  kernelName: string;
  make: (stock: tf.KernelFunc) => tf.KernelFunc;
}

/** Stock wasm kernels on the training path that are replaced by faster compositions. */
export const wasmKernelOverrides: readonly KernelOverride[] = [
  { kernelName: tf.BatchMatMul, make: makeBatchMatMul },
  { kernelName: tf.Conv2DBackpropInput, make: makeConv2DBackpropInput },
  { kernelName: tf.MaxPoolGrad, make: makeMaxPoolGrad },
];

// A global mark, so that a second copy of this module does not wrap a kernel twice.
const WRAPPED = Symbol.for('slimbench.wasm-kernel-override');

const registeredHere = new Set<string>();

/**
 * Makes training run on the wasm backend: registers the kernels it lacks (conv and depthwise
 * conv gradients, UnsortedSegmentSum) and replaces the slow stock `BatchMatMul` (transposed
 * case), `Conv2DBackpropInput` (unit stride) and `MaxPoolGrad` with faster compositions of
 * other wasm kernels. Works before or after the wasm backend is initialised.
 *
 * Idempotent: a missing kernel that is already registered (by an earlier call, or natively by
 * a newer tfjs) is left alone, and an override is applied once. Returns the names of all the
 * kernels this module has registered.
 */
export function registerWasmTrainingKernels(): string[] {
  for (const config of missingWasmKernelConfigs) {
    if (tf.getKernel(config.kernelName, 'wasm') === undefined) {
      tf.registerKernel(config);
      registeredHere.add(config.kernelName);
    }
  }
  for (const { kernelName, make } of wasmKernelOverrides) {
    const stock = tf.getKernel(kernelName, 'wasm');
    if (stock === undefined || WRAPPED in stock.kernelFunc) continue;
    const kernelFunc = Object.assign(make(stock.kernelFunc), { [WRAPPED]: true });
    // Keep the stock setupFunc: the wrapper calls the stock kernel, which needs its setup.
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...stock, kernelFunc });
    registeredHere.add(kernelName);
  }
  return [...registeredHere];
}
