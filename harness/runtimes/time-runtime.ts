import { matmulProbe } from '../engine/calibrate.js';
import {
  latencyProtocol,
  speedFiguresOf,
  speedSettings,
  type SpeedFigures,
  type SpeedSettings,
  type SpeedStats,
} from '../measure/speed.js';
import type { LoadedModel, Runtime } from './types.js';

/**
 * Times `reference` and `candidate` on one runtime with the shared protocol: the first `batch`
 * rows of `x` (throughput and speedup, with the matmul probe after each unit), then one row
 * (latency). The same figures as the tfjs path.
 */
export async function timeOnRuntime(
  runtime: Runtime,
  reference: LoadedModel,
  candidate: LoadedModel,
  x: Float32Array,
  rows: number,
  rowSize: number,
  settings: SpeedSettings,
  stats: SpeedStats,
  seed: number,
): Promise<SpeedFigures> {
  const s = speedSettings.parse(settings);
  const n = Math.min(s.batch, rows);
  const batch = x.slice(0, n * rowSize);
  const probe = matmulProbe();
  try {
    const times = await runtime.timePair(reference, candidate, batch, n, s, probe.call);
    const lat = s.latencyRounds > 0 ? await runtime.timePair(reference, candidate, x.slice(0, rowSize), 1, latencyProtocol(s)) : undefined;
    return speedFiguresOf(times, lat, n, s, stats, seed, probe.flops);
  } finally {
    probe.dispose();
  }
}
