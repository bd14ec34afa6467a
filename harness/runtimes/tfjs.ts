import * as tf from '@tensorflow/tfjs';
import { BACKENDS, type BackendChoice } from '../engine/backend.js';
import { initBackend } from '../models/backend.js';
import { loadModel } from '../engine/artifact-read.js';
import { InputError } from '../errors.js';
import { timeInterleaved, type PairedTimes, type ProtocolSettings } from '../measure/speed-protocol.js';
import { requireFormat } from './load-errors.js';
import type { Availability, LoadedModel, ModelArtifact, Runtime, RuntimeOptions } from './types.js';

/** A tfjs model loaded by this runtime: its synchronous forward pass, for timing without promise overhead. */
const forwards = new WeakMap<LoadedModel, (rows: Float32Array, batch: number) => Float32Array>();

/** Wraps a tfjs LayersModel (owned by the caller unless `owned`) as a {@link LoadedModel}. */
export function tfjsLoadedModel(model: tf.LayersModel, inputShape: number[], loadMs: number, owned: boolean): LoadedModel {
  const rowSize = inputShape.reduce((a, b) => a * b, 1);
  let last: { rows: Float32Array; batch: number; x: tf.Tensor } | undefined;
  const forward = (rows: Float32Array, batch: number): Float32Array => {
    if (last?.rows !== rows || last.batch !== batch) {
      last?.x.dispose();
      last = { rows, batch, x: tf.tensor(rows.subarray(0, batch * rowSize), [batch, ...inputShape]) };
    }
    const y = model.predict(last.x) as tf.Tensor;
    try {
      return y.dataSync() as Float32Array;
    } finally {
      y.dispose();
    }
  };
  const loaded: LoadedModel = {
    predict: async (rows, batch) => Float32Array.from(forward(rows, batch)),
    loadMs,
    dispose: async () => {
      last?.x.dispose();
      last = undefined;
      if (owned) model.dispose();
    },
  };
  forwards.set(loaded, forward);
  return loaded;
}

/** `tfjs`: TensorFlow.js in this process, on the run's backend (`--backend`). */
export const tfjs: Runtime = {
  description: "TensorFlow.js in Node on the run's backend (tfjs-node, else wasm with XNNPACK)",
  formats: ['tfjs-layers'],
  async availability(): Promise<Availability> {
    return { available: true };
  },
  async load(artifact: ModelArtifact, opts: RuntimeOptions): Promise<LoadedModel> {
    requireFormat('tfjs', artifact, 'tfjs-layers');
    if (opts.backend !== undefined) {
      if (!(BACKENDS as readonly string[]).includes(opts.backend))
        throw new InputError(`backend '${opts.backend}' is not a tfjs backend; valid: ${BACKENDS.join(', ')}`, 'bad-backend');
      await initBackend(opts.backend as BackendChoice);
    }
    const t0 = performance.now();
    const model = await loadModel(artifact.path);
    const loaded = tfjsLoadedModel(model, opts.inputShape, 0, true);
    forwards.get(loaded)!(new Float32Array(opts.inputShape.reduce((a, b) => a * b, 1)), 1);
    loaded.loadMs = performance.now() - t0;
    return loaded;
  },
  async timePair(
    a: LoadedModel,
    b: LoadedModel,
    rows: Float32Array,
    batch: number,
    protocol: ProtocolSettings,
    probe?: () => void,
  ): Promise<PairedTimes> {
    const fa = forwards.get(a);
    const fb = forwards.get(b);
    if (!fa || !fb) throw new Error('tfjs.timePair: both models must be loaded by the tfjs runtime');
    return timeInterleaved(
      () => void fa(rows, batch),
      () => void fb(rows, batch),
      protocol,
      probe,
    );
  },
};
