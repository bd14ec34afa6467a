import type { CellRecord, RunRecord } from '../results/record.js';
import { reaches, relativeHalfWidth } from './tolerance.js';
import type { MetricComparison } from './types.js';

type Speed = NonNullable<CellRecord['speed']> & { noisy?: boolean };

/** True when absolute timings of the two runs are comparable: same cpu model and backend. */
export function sameMachineClass(a: RunRecord, b: RunRecord): boolean {
  return a.env.cpu === b.env.cpu && a.env.backend === b.env.backend;
}

function calibration(r: RunRecord): number | undefined {
  const g = (r.env as { calibrationGflops?: unknown }).calibrationGflops;
  return typeof g === 'number' && g > 0 ? g : undefined;
}

/**
 * One higher-is-better speed figure against its baseline. The bar a change must clear is the
 * larger of the tolerance, the combined relative CI half-width of the two measurements and
 * `drift`; a change past the tolerance but inside that width (or on a run that flagged its timing
 * as noisy) is `noisy`, in either direction.
 */
export function speedMetric(
  metric: string,
  unit: string,
  base: { value: number; ci?: [number, number] },
  cur: { value: number; ci?: [number, number] },
  tolerance: number,
  flaggedNoisy: boolean,
  drift = 0,
): MetricComparison {
  const change = base.value > 0 ? cur.value / base.value - 1 : 0;
  const width = Math.max(drift, Math.hypot(relativeHalfWidth(base.value, base.ci), relativeHalfWidth(cur.value, cur.ci)));
  const threshold = Math.max(tolerance, width);
  let state: MetricComparison['state'] = 'pass';
  let note: string | undefined;
  if (reaches(-change, tolerance) || reaches(change, tolerance)) {
    const resolved = Math.abs(change) > width && !flaggedNoisy;
    state = resolved ? (change < 0 ? 'regressed' : 'improved') : 'noisy';
    if (!resolved) {
      const where = width === drift ? 'run-to-run drift' : 'CI';
      note = flaggedNoisy ? 'the timing was flagged noisy by the run' : `the change lies inside the measurement's ${where} (±${(width * 100).toFixed(1)}%)`;
    }
  }
  return {
    metric,
    kind: 'speed',
    better: 'higher',
    unit,
    baseline: base.value,
    current: cur.value,
    ...(base.ci ? { baselineCi: base.ci } : {}),
    ...(cur.ci ? { currentCi: cur.ci } : {}),
    change,
    threshold,
    state,
    ...(note ? { note } : {}),
  };
}

/**
 * How far the machine's speed wandered during a run: every variant cell times the original again
 * (its throughput divided by its speedup), so the relative half-range of those figures and the
 * original cell's own throughput shows drift that no single cell's CI contains.
 */
export function runDrift(record: RunRecord): number {
  const values: number[] = [];
  for (const c of record.cells) {
    if (c.status !== 'ok' || !c.speed) continue;
    const v = c.reference ? c.speed.throughput.samplesPerSec : c.speed.throughput.samplesPerSec / c.speed.speedup.value;
    if (Number.isFinite(v) && v > 0) values.push(v);
  }
  if (values.length < 2) return 0;
  values.sort((x, y) => x - y);
  const median = values[Math.floor((values.length - 1) / 2)] / 2 + values[Math.ceil((values.length - 1) / 2)] / 2;
  return (values[values.length - 1] - values[0]) / 2 / median;
}

/**
 * Speed figures of a cell: the within-run speedup against the original (machine-independent;
 * not for the original itself) and, between records of the same machine class only, absolute
 * throughput. Throughput's bar also covers each run's drift (`runDrift`); when both runs carry
 * a calibration figure the throughput is divided by it, and a change counts only when the raw
 * figures show it too (a one-off calibration under load must not create or hide a change).
 */
export function compareSpeed(cur: RunRecord, curCell: CellRecord, base: RunRecord, baseCell: CellRecord, tolerance: number): MetricComparison[] {
  const a = baseCell.speed as Speed | undefined;
  const b = curCell.speed as Speed | undefined;
  if (!a || !b) return [];
  const noisy = a.noisy === true || b.noisy === true;
  const out: MetricComparison[] = [];
  if (!curCell.reference && !baseCell.reference) out.push(speedMetric('speedup', 'x', a.speedup, b.speedup, tolerance, noisy));
  if (!sameMachineClass(cur, base)) return out;
  const drift = Math.hypot(runDrift(base), runDrift(cur));
  const raw = (t: Speed['throughput']) => ({ value: t.samplesPerSec, ci: t.ci });
  const plain = speedMetric('throughput', 'samples/s', raw(a.throughput), raw(b.throughput), tolerance, noisy, drift);
  const ga = calibration(base);
  const gb = calibration(cur);
  if (ga === undefined || gb === undefined) {
    out.push(plain);
    return out;
  }
  const scale = (t: Speed['throughput'], g: number) => ({ value: t.samplesPerSec / g, ci: [t.ci[0] / g, t.ci[1] / g] as [number, number] });
  const scaled = speedMetric('throughput', 'samples/s per GFLOP/s', scale(a.throughput, ga), scale(b.throughput, gb), tolerance, noisy, drift);
  if (scaled.state !== plain.state && (scaled.state === 'regressed' || scaled.state === 'improved')) {
    const state = scaled.state === 'regressed' ? 'noisy' : 'pass';
    out.push({ ...scaled, state, note: `${(scaled.change * 100).toFixed(1)}% after calibration (${ga.toFixed(1)} → ${gb.toFixed(1)} GFLOP/s) but ${(plain.change * 100).toFixed(1)}% raw: not resolved` });
  } else out.push(scaled);
  return out;
}
