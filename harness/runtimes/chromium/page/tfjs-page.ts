// Runs in the page: tfjs (its UMD bundle; `@tensorflow/tfjs` is import-mapped to it) on the wasm backend.
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from '../../../engine/kernels/index.js';
import { registerTransformerLayers } from '../../../models/transformer-layers.js';
import { publishEngine } from './host.js';

declare const location: { href: string };

/** One forward pass with the read-back of its output, as the Node runtime times it. */
function forward(model: tf.LayersModel, x: tf.Tensor): Float32Array {
  const y = model.predict(x) as tf.Tensor;
  const out = y.dataSync() as Float32Array;
  y.dispose();
  return out;
}

const backend = new URL(location.href).searchParams.get('backend') ?? 'wasm';
// The same layer classes and kernels as the harness registers in Node, so the same models load and run alike.
registerTransformerLayers();
registerWasmTrainingKernels();
if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not initialise`);
await tf.ready();

publishEngine<tf.LayersModel, tf.Tensor>({
  sync: true,
  async open(url, inputShape) {
    const model = await tf.loadLayersModel(url);
    const x = tf.zeros([1, ...inputShape]);
    forward(model, x);
    x.dispose();
    return model;
  },
  input: (rows, batch, inputShape) => tf.tensor(rows, [batch, ...inputShape]),
  release: (x) => x.dispose(),
  run: forward,
  close(model) {
    model.dispose();
  },
});
