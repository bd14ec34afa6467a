import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Rng } from '../../data/random.js';
import { registerWasmTrainingKernels } from './index.js';

const SEED = 7;

/**
 * LeNet-5 as commonly built for 28×28 digits: conv 6@5×5 → max-pool → conv 16@5×5 → max-pool →
 * dense 120 → 84 → 10 softmax, trained with Adam on softmax cross-entropy. Weights are seeded.
 */
export function buildLeNet5(): tf.LayersModel {
  let seed = SEED;
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, activation: 'relu', kernelInitializer: init() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu', kernelInitializer: init() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 120, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: 84, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init() }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/**
 * Milliseconds of one `trainOnBatch` step of {@link buildLeNet5} at `batch` images on `backend`.
 * On wasm one untimed step comes first (it builds the XNNPACK operators and grows the heap); on
 * cpu, where a step takes tens of seconds and has nothing to warm, the first step is timed. The
 * previously active backend is restored and every tensor made here is disposed.
 */
export async function trainStepMs(backend: 'wasm' | 'cpu', batch: number): Promise<number> {
  const previous = tf.getBackend();
  if (backend === 'wasm') registerWasmTrainingKernels();
  await tf.setBackend(backend);
  await tf.ready();
  const rng = new Rng(SEED);
  const pixels = Float32Array.from({ length: batch * 28 * 28 }, () => rng.next());
  const labels = Int32Array.from({ length: batch }, () => rng.int(10));
  const x = tf.tensor4d(pixels, [batch, 28, 28, 1]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat());
  const model = buildLeNet5();
  try {
    if (backend === 'wasm') await model.trainOnBatch(x, y);
    const start = performance.now();
    await model.trainOnBatch(x, y);
    return performance.now() - start;
  } finally {
    model.optimizer.dispose();
    model.dispose();
    tf.dispose([x, y]);
    if (previous) await tf.setBackend(previous);
  }
}

// `node dist/harness/engine/kernels/bench.js [batch]` prints the wasm and cpu step times.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const batch = Number(process.argv[2] ?? 256);
  const wasm = await trainStepMs('wasm', batch);
  console.log(`LeNet-5 train step, batch ${batch}: wasm ${wasm.toFixed(1)} ms`);
  const cpu = await trainStepMs('cpu', batch);
  console.log(`LeNet-5 train step, batch ${batch}: cpu ${cpu.toFixed(1)} ms (wasm ${(cpu / wasm).toFixed(1)}x faster)`);
}
