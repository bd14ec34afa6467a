import { pageRuntime } from './runtime.js';

export { CHROMIUM_HINT, chromiumPath } from './browser.js';
export { closeChromium } from './session.js';

/**
 * tfjs on its wasm backend (`cpu` when the options ask for it) inside a page of headless
 * Chromium; loads tfjs layers models (model.json), the transformer's custom layers included.
 */
export const chromiumTfjs = pageRuntime({
  name: 'chromium-tfjs',
  description: 'tfjs (wasm backend) in a page of headless Chromium, served from 127.0.0.1',
  kind: 'tfjs',
  format: 'tfjs-layers',
  backend: (opts) => (opts.backend === 'cpu' ? 'cpu' : 'wasm'),
});

/** onnxruntime-web on the wasm execution provider inside a page of headless Chromium; loads .onnx files. */
export const chromiumOnnxruntimeWeb = pageRuntime({
  name: 'chromium-onnxruntime-web',
  description: 'onnxruntime-web (wasm execution provider) in a page of headless Chromium, served from 127.0.0.1',
  kind: 'ort',
  format: 'onnx',
  backend: () => 'wasm',
});
