import type { Predictor } from '../engine/predictor.js';
import * as tf from '@tensorflow/tfjs';
import { rowSize, type Dataset } from '../data/types.js';
import { matmulProbe } from '../engine/calibrate.js';
import type { Estimate } from './bootstrap.js';
import {
  bootstrapCallTime,
  latencyPercentiles,
  medianOf,
  pairedSpeedup,
  timeInterleaved,
  type PairedTimes,
  type ProtocolSettings,
} from './speed-protocol.js';
import { mean, tHalfWidth } from './stats.js';
import { speedSettings, type SpeedSettings } from './speed-settings.js';

export { speedSettings, type SpeedSettings } from './speed-settings.js';

/** Statistics settings shared with the quality figures. */
export interface SpeedStats {
  level: number;
  resamples: number;
}

/** Throughput, latency and speedup of one model against the reference, from interleaved rounds. */
export interface SpeedFigures {
  /** Batch-1 per-call times of the candidate (absent when `latencyRounds` is 0). */
  latencyMs?: { p50: number; p95: number; p99: number };
  /** Samples per second at `batch` (from the median call time), with a bootstrap CI. */
  throughput: { batch: number; samplesPerSec: number; ci: [number, number] };
  /** Reference time / candidate time at `batch`, from paired ABBA blocks. */
  speedup: Estimate;
  /** Reference time / candidate time at batch 1. */
  latencySpeedup?: Estimate;
  /** Timed throughput calls per model. */
  rounds: number;
  latencyRounds?: number;
  /** Relative margin of error of the candidate's mean call time at `batch` (t half-width / mean). */
  rme: number;
  /** True when the speedup's CI half-width exceeds `noiseThreshold` × its value. */
  noisy: boolean;
  /**
   * GFLOP/s of a 128 × 128 matmul timed once after every unit of the throughput phase (median):
   * how fast the machine ran while this cell was timed, to put its throughput on a common scale.
   */
  calibrationGflops: number;
}

/** One forward pass of `model` on `x` including the read-back of its output. */
function forward(model: Predictor, x: tf.Tensor): void {
  const y = model.predict(x) as tf.Tensor;
  y.dataSync();
  y.dispose();
}

/**
 * Times `reference` and `candidate` interleaved in ABBA blocks (see `timeInterleaved`): first on
 * the first `batch` test rows (throughput, speedup, with a matmul probe after each block), then
 * on one row (latency). `candidateInput` maps the reference's input to the candidate's (feature
 * selection).
 */
export function measureSpeed(
  reference: Predictor,
  candidate: Predictor,
  ds: Dataset,
  settings: SpeedSettings,
  seed: number,
  candidateInput?: (x: tf.Tensor) => tf.Tensor,
  stats: SpeedStats = { level: 0.95, resamples: 1000 },
): SpeedFigures {
  const s = speedSettings.parse(settings);
  const n = Math.min(s.batch, ds.test.n);
  const phase = (rows: number, p: ProtocolSettings, probe?: () => void) => {
    const x = tf.tensor(ds.test.x.subarray(0, rows * rowSize(ds)), [rows, ...ds.inputShape]);
    const xc = candidateInput ? candidateInput(x) : x;
    try {
      return timeInterleaved(
        () => forward(reference, x),
        () => forward(candidate, xc),
        p,
        probe,
      );
    } finally {
      if (xc !== x) xc.dispose();
      x.dispose();
    }
  };
  const probe = matmulProbe();
  let times: PairedTimes;
  try {
    times = phase(n, s, probe.call);
  } finally {
    probe.dispose();
  }
  const lat = s.latencyRounds > 0 ? phase(1, latencyProtocol(s)) : undefined;
  return speedFiguresOf(times, lat, n, s, stats, seed, probe.flops);
}

/** The batch-1 phase's protocol: the latency minimums in place of the throughput ones. */
export function latencyProtocol(s: SpeedSettings): ProtocolSettings {
  return { ...s, minRounds: s.latencyRounds, minTimeMs: s.latencyTimeMs, maxRounds: Math.max(s.maxRounds, s.latencyRounds) };
}

/**
 * Speed figures from the paired times of the throughput phase (batch `n`, with a probe of
 * `probeFlops` timed after each unit) and of the batch-1 phase when there was one. Shared by
 * every runtime, so their figures mean the same.
 */
export function speedFiguresOf(
  times: PairedTimes,
  lat: PairedTimes | undefined,
  n: number,
  s: SpeedSettings,
  stats: SpeedStats,
  seed: number,
  probeFlops: number,
): SpeedFigures {
  const opts = { ...stats, seed, quantile: s.quantile };
  const speedup = pairedSpeedup(times, opts);
  const callMs = bootstrapCallTime(times.b, opts, 'throughput');
  const out: SpeedFigures = {
    throughput: { batch: n, samplesPerSec: (n * 1000) / callMs.value, ci: [(n * 1000) / callMs.ci[1], (n * 1000) / callMs.ci[0]] },
    speedup,
    rounds: times.b.length,
    rme: tHalfWidth(times.b, stats.level) / mean(times.b),
    noisy: (speedup.ci[1] - speedup.ci[0]) / 2 / speedup.value > s.noiseThreshold,
    calibrationGflops: probeFlops / (medianOf(times.probe!) * 1e6),
  };
  if (lat) {
    out.latencyMs = latencyPercentiles(lat.b);
    out.latencySpeedup = pairedSpeedup(lat, { ...opts, seed: seed + 1 });
    out.latencyRounds = lat.b.length;
  }
  return out;
}
