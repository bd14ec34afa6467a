import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Rng } from '../data/random.js';
import { lenet5 } from '../models/lenet.js';
import { registerWasmTrainingKernels } from '../engine/kernels/index.js';

const SEED = 7;
const DIGITS = { inputShape: [28, 28, 1], inputKind: 'float' as const, classNames: Array.from({ length: 10 }, (_, i) => String(i)) };

/**
 * Milliseconds of one `trainOnBatch` step of the LeNet-5 architecture (10 classes) at `batch` images on `backend`.
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
  const model = lenet5.build(DIGITS, lenet5.settings.parse({}), SEED);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
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
