import type { CellRecord, RunRecord } from '../results/record.js';
import { reaches, relativeHalfWidth } from './tolerance.js';
import type { MetricComparison } from './types.js';

type Speed = NonNullable<CellRecord['speed']> & { noisy?: boolean };

/** True when the two runs come from the same machine class: same cpu model and backend. */
export function sameMachineClass(a: RunRecord, b: RunRecord): boolean {
  return a.env.cpu === b.env.cpu && a.env.backend === b.env.backend;
}

/**
 * True when the two runs timed their cells with different numbers of worker threads (both
 * recorded): the other workers' load on shared caches and memory differs, so absolute
 * throughput is not comparable, even on one machine; within-run speedups still are.
 */
export function workersDiffer(a: RunRecord, b: RunRecord): boolean {
  return a.run.workers !== undefined && b.run.workers !== undefined && a.run.workers !== b.run.workers;
}

/** True when absolute throughput of the two runs is compared: same machine class and workers. */
export function throughputComparable(a: RunRecord, b: RunRecord): boolean {
  return sameMachineClass(a, b) && !workersDiffer(a, b);
}

function positive(g: unknown): number | undefined {
  return typeof g === 'number' && g > 0 ? g : undefined;
}

/** The run's calibration: one matmul timing at the end of the run. */
function runCalibration(r: RunRecord): number | undefined {
  return positive((r.env as { calibrationGflops?: unknown }).calibrationGflops);
}

/** The cell's own calibration: a matmul probe timed between its throughput calls. */
function cellCalibration(c: CellRecord): number | undefined {
  return positive(c.speed?.calibrationGflops);
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
      note = flaggedNoisy
        ? 'the timing was flagged noisy by the run'
        : `the change lies inside the measurement's ${where} (±${(width * 100).toFixed(1)}%)`;
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

/** The runtime behind a cell's top-level `speed`. */
const speedRuntimeOf = (c: CellRecord): string => c.speedRuntime ?? 'tfjs';

/**
 * How far the machine's speed wandered during a run, on one runtime (default: the original
 * cell's): every cell timed there times the original again (its throughput divided by its
 * speedup; the original cell's own throughput as it is; a cell's top-level speed when it comes
 * from that runtime, else its `runtimes.<name>.speed`), so the relative half-range of those figures shows drift that no
 * single cell's CI contains. `calibrated`: each figure divided by its cell's own calibration
 * (figures without one are left out).
 */
export function runDrift(record: RunRecord, calibrated = false, runtime?: string): number {
  const reference = record.cells.find((c) => c.reference && c.status === 'ok');
  const on = runtime ?? (reference ? speedRuntimeOf(reference) : 'tfjs');
  const values: number[] = [];
  for (const c of record.cells) {
    if (c.status !== 'ok') continue;
    const rt = c.runtimes?.[on];
    const speed = speedRuntimeOf(c) === on ? c.speed : rt?.status === 'ok' ? rt.speed : undefined;
    if (!speed) continue;
    const g = calibrated ? positive(speed.calibrationGflops) : 1;
    if (g === undefined) continue;
    const v = (c.reference ? speed.throughput.samplesPerSec : speed.throughput.samplesPerSec / speed.speedup.value) / g;
    if (Number.isFinite(v) && v > 0) values.push(v);
  }
  if (values.length < 2) return 0;
  values.sort((x, y) => x - y);
  const median = values[Math.floor((values.length - 1) / 2)] / 2 + values[Math.ceil((values.length - 1) / 2)] / 2;
  return (values[values.length - 1] - values[0]) / 2 / median;
}

/**
 * The within-run speedup on every other runtime both cells were timed on (`runtimes.<name>`),
 * judged like the top-level one; the runtime behind the top-level `speed` is judged there.
 */
export function runtimeSpeedups(baseCell: CellRecord, curCell: CellRecord, tolerance: number): MetricComparison[] {
  const out: MetricComparison[] = [];
  for (const [name, b] of Object.entries(curCell.runtimes ?? {})) {
    const a = baseCell.runtimes?.[name];
    if (name === (curCell.speedRuntime ?? 'tfjs') || a?.status !== 'ok' || b.status !== 'ok' || !a.speed || !b.speed) continue;
    out.push(
      speedMetric(
        `runtimes.${name}.speedup`,
        'x',
        a.speed.speedup,
        b.speed.speedup,
        tolerance,
        a.speed.noisy === true || b.speed.noisy === true,
      ),
    );
  }
  return out;
}

/**
 * Speed figures of a cell: the within-run speedup against the original (machine-independent;
 * not for the original itself) and, between records of the same machine class only, absolute
 * throughput. Throughput is divided by the calibration of the machine's speed: each cell's own
 * (a probe timed between its calls, so load during the cell cancels out) when both cells carry
 * one, else each run's. Its bar also covers each run's drift (`runDrift`), and a change counts
 * only when the raw figures show it too (a calibration under load must not create a change).
 */
export function compareSpeed(
  cur: RunRecord,
  curCell: CellRecord,
  base: RunRecord,
  baseCell: CellRecord,
  tolerance: number,
): MetricComparison[] {
  const a = baseCell.speed as Speed | undefined;
  const b = curCell.speed as Speed | undefined;
  if (!a || !b) return [];
  const noisy = a.noisy === true || b.noisy === true;
  const out: MetricComparison[] = [];
  if (!curCell.reference && !baseCell.reference) out.push(speedMetric('speedup', 'x', a.speedup, b.speedup, tolerance, noisy));
  if (!curCell.reference && !baseCell.reference) out.push(...runtimeSpeedups(baseCell, curCell, tolerance));
  if (!throughputComparable(cur, base)) return out;
  const raw = (t: Speed['throughput']) => ({ value: t.samplesPerSec, ci: t.ci });
  // the drift of the runtime this cell's top-level speed comes from (an integer ONNX cell: onnxruntime)
  const rt = speedRuntimeOf(curCell);
  const rawDrift = Math.hypot(runDrift(base, false, rt), runDrift(cur, false, rt));
  const plain = speedMetric('throughput', 'samples/s', raw(a.throughput), raw(b.throughput), tolerance, noisy, rawDrift);
  const ca = cellCalibration(baseCell);
  const cb = cellCalibration(curCell);
  const perCell = ca !== undefined && cb !== undefined;
  const ga = perCell ? ca : runCalibration(base);
  const gb = perCell ? cb : runCalibration(cur);
  if (ga === undefined || gb === undefined) {
    out.push(plain);
    return out;
  }
  const drift = perCell ? Math.hypot(runDrift(base, true, rt), runDrift(cur, true, rt)) : rawDrift;
  const scale = (t: Speed['throughput'], g: number) => ({ value: t.samplesPerSec / g, ci: [t.ci[0] / g, t.ci[1] / g] as [number, number] });
  const scaled = speedMetric(
    'throughput',
    'samples/s per GFLOP/s',
    scale(a.throughput, ga),
    scale(b.throughput, gb),
    tolerance,
    noisy,
    drift,
  );
  if (scaled.state !== plain.state && (scaled.state === 'regressed' || scaled.state === 'improved')) {
    const state = scaled.state === 'regressed' ? 'noisy' : 'pass';
    out.push({
      ...scaled,
      state,
      note: `${(scaled.change * 100).toFixed(1)}% after calibration (${ga.toFixed(1)} → ${gb.toFixed(1)} GFLOP/s) but ${(plain.change * 100).toFixed(1)}% raw: not resolved`,
    });
  } else out.push(scaled);
  return out;
}
