import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { Rng } from '../../harness/data/random.js';
import { exportOnnx } from '../../harness/runtimes/onnx-export.js';

/** Overwrites every weight with seeded values in [lo, hi] (variances stay positive when lo ≥ 0). */
export function seedWeights(model: tf.LayersModel, seed: number): void {
  const rng = new Rng(seed);
  tf.tidy(() =>
    model.setWeights(
      model.weights.map((w) =>
        tf.randomUniform(
          w.shape as number[],
          w.name.includes('variance') ? 0.5 : -0.5,
          w.name.includes('variance') ? 1.5 : 0.5,
          'float32',
          rng.int(2 ** 31),
        ),
      ),
    ),
  );
}

/** `n` seeded rows for the model's input: floats in [-1, 1], or token ids in 0..vocab-1 (with padding 0 at the end of each row). */
export function rowsFor(model: tf.LayersModel, n: number, seed: number, vocab?: number): Float32Array {
  const rng = new Rng(seed);
  const shape = model.inputs[0].shape.slice(1) as number[];
  const size = shape.reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: n * size }, (_, i) => {
    if (vocab === undefined) return rng.next() * 2 - 1;
    const pos = i % size;
    return pos >= size - 1 - (Math.floor(i / size) % 3) ? 0 : 1 + rng.int(vocab - 1);
  });
}

/** Max |tfjs − onnxruntime| over the outputs of the model's ONNX export on `rows`. */
export async function maxExportError(model: tf.LayersModel, rows: Float32Array, n: number): Promise<number> {
  const shape = model.inputs[0].shape.slice(1) as number[];
  const expected = tf.tidy(() => (model.predict(tf.tensor(rows, [n, ...shape])) as tf.Tensor).dataSync() as Float32Array);
  const session = await ort.InferenceSession.create(exportOnnx(model), { intraOpNumThreads: 1 });
  const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', rows, [n, ...shape]) });
  await session.release();
  const got = out[session.outputNames[0]].data as Float32Array;
  if (got.length !== expected.length) throw new Error(`output sizes differ: onnx ${got.length}, tfjs ${expected.length}`);
  let max = 0;
  for (let i = 0; i < got.length; i++) max = Math.max(max, Math.abs(got[i] - expected[i]));
  return max;
}
