import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { rowSize, type Dataset } from '../data/types.js';
import { bootstrap, quantile, type Estimate } from './bootstrap.js';

/** Settings of the speed protocol (suite `measure.speed`). */
export const speedSettings = z
  .object({
    batch: z.number().int().min(1).max(65_536).default(256).describe('batch size of the throughput measurement'),
    warmupRounds: z.number().int().min(0).max(1000).default(5).describe('untimed rounds before timing'),
    minRounds: z.number().int().min(1).max(100_000).default(20).describe('minimum timed rounds per model'),
    minTimeMs: z.number().min(0).max(600_000).default(400).describe('minimum total timed milliseconds per model'),
  })
  .strict();
export type SpeedSettings = z.infer<typeof speedSettings>;

/** Throughput of one model and its speedup against the reference, from interleaved rounds. */
export interface SpeedFigures {
  throughput: { batch: number; samplesPerSec: number; ci: [number, number] };
  speedup: Estimate;
  rounds: number;
}

/** Times one forward pass of `model` on `x` including the read-back of its output. */
function forwardMs(model: tf.LayersModel, x: tf.Tensor): number {
  const t0 = performance.now();
  const y = model.predict(x) as tf.Tensor;
  y.dataSync();
  const ms = performance.now() - t0;
  y.dispose();
  return ms;
}

/**
 * Times `reference` and `candidate` in interleaved rounds (order alternating each round) on the
 * first `batch` test rows until both the minimum rounds and minimum time are met, so that machine
 * drift affects both equally. Speedup = reference time / candidate time, paired per round.
 */
export function measureSpeed(
  reference: tf.LayersModel,
  candidate: tf.LayersModel,
  ds: Dataset,
  settings: SpeedSettings,
  seed: number,
  candidateInput?: (x: tf.Tensor) => tf.Tensor,
): SpeedFigures {
  const width = rowSize(ds);
  const n = Math.min(settings.batch, ds.test.n);
  const x = tf.tensor(ds.test.x.subarray(0, n * width), [n, ...ds.inputShape]);
  const xc = candidateInput ? candidateInput(x) : x;
  try {
    for (let i = 0; i < settings.warmupRounds; i++) {
      forwardMs(reference, x);
      forwardMs(candidate, xc);
    }
    const ref: number[] = [];
    const cand: number[] = [];
    let total = 0;
    for (let r = 0; r < settings.minRounds || total < settings.minTimeMs; r++) {
      let a: number;
      let b: number;
      if (r % 2 === 0) {
        a = forwardMs(reference, x);
        b = forwardMs(candidate, xc);
      } else {
        b = forwardMs(candidate, xc);
        a = forwardMs(reference, x);
      }
      ref.push(a);
      cand.push(b);
      total += Math.min(a, b);
    }
    const rates = cand.map((ms) => (n / ms) * 1000);
    const sortedRates = Float64Array.from(rates).sort();
    const speedup = bootstrap(
      ref.length,
      (rows) => median(Array.from(rows, (i) => ref[i])) / median(Array.from(rows, (i) => cand[i])),
      { seed, resamples: 1000 },
    );
    return {
      throughput: {
        batch: n,
        samplesPerSec: quantile(sortedRates, 0.5),
        ci: [quantile(sortedRates, 0.025), quantile(sortedRates, 0.975)],
      },
      speedup,
      rounds: ref.length,
    };
  } finally {
    if (xc !== x) xc.dispose();
    x.dispose();
  }
}

function median(values: number[]): number {
  return quantile(values.sort((a, b) => a - b), 0.5);
}
