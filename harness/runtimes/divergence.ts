import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { exportOnnx } from './onnx-export.js';
import type { Runtime, RuntimeOptions } from './types.js';

/** The first layer whose exported outputs differ from tfjs's, and by how much. */
export interface Divergence {
  layer: string;
  className: string;
  maxAbsDiff: number;
}

/**
 * Finds where an export goes wrong: each layer in turn, the model truncated after it is exported
 * and run on `runtime`, and its outputs on the first `n` rows of `x` compared with the same
 * layer's tfjs outputs; the first layer off by more than 1e-4 × (1 + its largest |output|) is
 * returned. `exported` is the model that is exported (the same model, except in tests).
 */
export async function firstDivergentLayer(
  model: tf.LayersModel,
  x: Float32Array,
  n: number,
  runtime: Runtime,
  opts: RuntimeOptions,
  exported: tf.LayersModel = model,
): Promise<Divergence | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'slimbench-divergence-'));
  const rowSize = opts.inputShape.reduce((a, b) => a * b, 1);
  const rows = x.subarray(0, n * rowSize);
  try {
    for (const layer of model.layers) {
      if (layer.getClassName() === 'InputLayer') continue;
      const expected = tf.tidy(() => {
        const sub = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
        return (sub.predict(tf.tensor(rows, [n, ...opts.inputShape])) as tf.Tensor).dataSync() as Float32Array;
      });
      const path = join(dir, `${layer.name}.onnx`);
      writeFileSync(path, exportOnnx(exported, { outputs: [layer.name] }));
      const loaded = await runtime.load({ format: 'onnx', path }, opts);
      const got = await loaded.predict(rows, n).finally(() => loaded.dispose());
      let scale = 0;
      let diff = got.length === expected.length ? 0 : Infinity;
      for (let i = 0; i < expected.length && diff !== Infinity; i++) {
        scale = Math.max(scale, Math.abs(expected[i]));
        diff = Math.max(diff, Math.abs(expected[i] - got[i]));
      }
      if (!(diff <= 1e-4 * (1 + scale))) return { layer: layer.name, className: layer.getClassName(), maxAbsDiff: diff };
    }
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
