import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/random.js';
import type { Dataset, Split } from '../data/types.js';
import { affineRange } from '../engine/weight-codec.js';

/**
 * Simulated activation quantization. A stock tfjs artifact cannot express quantized activations,
 * so this never changes the shipped model: it runs the model layer by layer with every
 * intermediate tensor fake-quantized and reports the accuracy such an integer pipeline would get.
 */

/** What the simulation measured. */
export type ActivationSimulation =
  | {
      simulated: true;
      bits: number;
      calibrationRows: number;
      /** Test accuracy with fake-quantized activations (and the model's current weights). */
      accuracy: number;
      /** Test accuracy of the same forward pass without activation quantization. */
      accuracyWithoutActivationQuantization: number;
      /** Calibrated range of the input and of each layer's output. */
      ranges: { tensor: string; min: number; max: number }[];
      note: string;
    }
  | { simulated: false; skipped: string };

type Range = { min: number; max: number };

/** Runs `x` through the layers of a Sequential model, calling `visit` on the input and every layer output but the last. */
function forward(model: tf.Sequential, x: tf.Tensor, visit: (t: tf.Tensor, index: number) => tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let h = visit(x, 0);
    model.layers.forEach((layer, i) => {
      h = layer.apply(h) as tf.Tensor;
      if (i < model.layers.length - 1) h = visit(h, i + 1);
    });
    return h;
  });
}

function fakeQuant(t: tf.Tensor, r: Range, levels: number): tf.Tensor {
  const { scale, min } = affineRange(Math.min(r.min, 0), Math.max(r.max, 0), levels);
  return tf.tidy(() =>
    tf
      .clipByValue(tf.round(tf.div(tf.sub(t, min), scale)), 0, levels - 1)
      .mul(scale)
      .add(min),
  );
}

function batches(
  split: Split,
  width: number,
  inputShape: number[],
  rows: number[],
  size: number,
  each: (x: tf.Tensor, rows: number[]) => void,
): void {
  for (let b = 0; b < rows.length; b += size) {
    const chunk = rows.slice(b, b + size);
    const data = new Float32Array(chunk.length * width);
    chunk.forEach((r, i) => data.set(split.x.subarray(r * width, (r + 1) * width), i * width));
    const x = tf.tensor(data, [chunk.length, ...inputShape]);
    each(x, chunk);
    x.dispose();
  }
}

/**
 * Calibrates per-tensor ranges on `calibrationRows` seeded training rows, then measures test
 * accuracy with every input/intermediate tensor fake-quantized to `bits` (affine, zero exact);
 * the final softmax output stays float. Token inputs (ids) are not quantized.
 */
export function simulateActivationQuantization(
  model: tf.LayersModel,
  ds: Dataset,
  bits: number,
  calibrationRows: number,
  seed: number,
): ActivationSimulation {
  if (!(model instanceof tf.Sequential))
    return {
      simulated: false,
      skipped: 'activation simulation runs layer by layer and needs a Sequential model; this one is a functional graph',
    };
  const width = ds.inputShape.reduce((a, b) => a * b, 1);
  const levels = 2 ** bits;
  const ranges: Range[] = Array.from({ length: model.layers.length }, () => ({ min: Infinity, max: -Infinity }));
  const quantizeInput = ds.inputKind === 'float';
  const calib = new Rng(Rng.derive(seed, 'calibration')).shuffle(Array.from({ length: ds.train.n }, (_, i) => i)).slice(0, calibrationRows);
  batches(ds.train, width, ds.inputShape, calib, 256, (x) => {
    forward(model, x, (t, i) => {
      const [lo, hi] = [t.min().dataSync()[0], t.max().dataSync()[0]];
      ranges[i] = { min: Math.min(ranges[i].min, lo), max: Math.max(ranges[i].max, hi) };
      return t;
    }).dispose();
  });
  const testRows = Array.from({ length: ds.test.n }, (_, i) => i);
  const accuracy = (quantize: boolean): number => {
    let right = 0;
    batches(ds.test, width, ds.inputShape, testRows, 512, (x, rows) => {
      const pred = tf.tidy(() =>
        forward(model, x, (t, i) => (quantize && (i > 0 || quantizeInput) ? fakeQuant(t, ranges[i], levels) : t)).argMax(-1),
      );
      const classes = pred.dataSync();
      pred.dispose();
      rows.forEach((r, i) => (right += classes[i] === ds.test.y[r] ? 1 : 0));
    });
    return ds.test.n ? right / ds.test.n : 0;
  };
  return {
    simulated: true,
    bits,
    calibrationRows: calib.length,
    accuracy: accuracy(true),
    accuracyWithoutActivationQuantization: accuracy(false),
    ranges: ranges.map((r, i) => ({ tensor: i === 0 ? 'input' : model.layers[i - 1].name, ...r })).filter((_, i) => i > 0 || quantizeInput),
    note:
      "tfjs artifacts cannot hold quantized activations: the shipped artifact has quantized weights only, and the record's measured quality is that artifact's. " +
      'These accuracies come from a simulated forward pass with every input and layer output but the last fake-quantized to the calibrated per-tensor ranges.',
  };
}
