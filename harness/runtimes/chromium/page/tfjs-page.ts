// Runs in the page: tfjs (its UMD bundle; `@tensorflow/tfjs` is import-mapped to it) on the wasm backend.
import * as tf from '@tensorflow/tfjs';
import { matmulProbe } from '../../../engine/calibrate.js';
import { registerWasmTrainingKernels } from '../../../engine/kernels/index.js';
import { timeInterleaved } from '../../../measure/speed-protocol.js';
import { registerTransformerLayers } from '../../../models/transformer-layers.js';
import { plainTimes, publish } from './api.js';
import { decodeFloats, encodeFloats } from './codec.js';

declare const location: { href: string };

interface Entry {
  model: tf.LayersModel;
  inputShape: number[];
}

const models = new Map<number, Entry>();
let nextId = 1;

function entry(id: number): Entry {
  const e = models.get(id);
  if (!e) throw new Error(`no model ${id} in the page (disposed?)`);
  return e;
}

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

publish({
  async load(url, inputShape) {
    const t0 = performance.now();
    const model = await tf.loadLayersModel(url);
    const x = tf.zeros([1, ...inputShape]);
    forward(model, x);
    x.dispose();
    const loadMs = performance.now() - t0;
    const id = nextId++;
    models.set(id, { model, inputShape });
    return { id, loadMs };
  },
  async predict(id, rows, batch) {
    const { model, inputShape } = entry(id);
    const x = tf.tensor(decodeFloats(rows), [batch, ...inputShape]);
    try {
      return encodeFloats(forward(model, x));
    } finally {
      x.dispose();
    }
  },
  async timePair(a, b, rows, batch, protocol, withProbe) {
    const ea = entry(a);
    const eb = entry(b);
    const x = tf.tensor(decodeFloats(rows), [batch, ...ea.inputShape]);
    const probe = withProbe ? matmulProbe() : undefined;
    try {
      return plainTimes(
        timeInterleaved(
          () => void forward(ea.model, x),
          () => void forward(eb.model, x),
          protocol,
          probe?.call,
        ),
      );
    } finally {
      x.dispose();
      probe?.dispose();
    }
  },
  async dispose(id) {
    models.get(id)?.model.dispose();
    models.delete(id);
  },
});
