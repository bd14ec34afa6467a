import type { CellRecord, RunRecord } from '../results/record.js';
import { deltaOf, gzipRatio, okCells, originalOf, pointLabel, primaryMetric } from './cells.js';
import { fixed, pts, times } from './format.js';

/** Retention a variant must keep to count as "no real loss" in a verdict. */
export const KEEP_RETENTION = 0.99;

/** One settings point of a variant summarised over its seeds. */
export interface PointSummary {
  label: string;
  cells: CellRecord[];
  retention: number;
  gzipRatio?: number;
  artifactRatio?: number;
  delta?: { value: number; ci?: [number, number] };
  /** Primary metric minus that of the point's compute-matched control (paired), and the control's id. */
  vsControl?: { value: number; ci?: [number, number]; control: string };
  speedup?: { value: number; ci?: [number, number] };
  /** The runtime the speedup was timed on, when the suite lists runtimes. */
  speedRuntime?: string;
  /** Number of seeds; above one, intervals are the range over seeds. */
  seeds: number;
}

/** The outcome of a run in one line, plus the point it is about. */
export interface Verdict {
  kind: 'kept' | 'none-kept' | 'no-variants' | 'original-failed';
  text: string;
  point?: PointSummary;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const defined = <T>(xs: (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);

function spread(values: number[], single?: [number, number]): { value: number; ci?: [number, number] } | undefined {
  if (values.length === 0) return undefined;
  if (values.length === 1) return { value: values[0], ...(single ? { ci: single } : {}) };
  return { value: mean(values), ci: [Math.min(...values), Math.max(...values)] };
}

type Figure = { mean: number; ci: [number, number] | null; n: number };

/** The recorded over-seeds figures of the point holding `cell` (runs with several seeds). */
function aggregateOf(record: RunRecord, cell: CellRecord): Record<string, Figure> | undefined {
  return record.aggregates?.find((a) => a.cells.includes(cell.id))?.figures;
}

const fromFigure = (f: Figure | undefined, shift = 0) =>
  f ? { value: f.mean - shift, ...(f.ci ? { ci: [f.ci[0] - shift, f.ci[1] - shift] as [number, number] } : {}) } : undefined;

/**
 * Every measured variant point (cells grouped over seeds) with its retention of the primary
 * metric. Over several seeds, figures are the recorded means with their t-intervals over seeds
 * (`aggregates`), or the mean and the range over seeds when the record has none.
 */
export function summarisePoints(record: RunRecord): PointSummary[] {
  const metric = primaryMetric(record);
  const groups = new Map<string, CellRecord[]>();
  for (const c of okCells(record)) {
    if (c.reference || c.role === 'control' || c.retention?.[metric] === undefined) continue;
    const key = pointLabel(c);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.entries()].map(([label, cells]) => {
    const deltas = defined(cells.map((c) => deltaOf(c, originalOf(record, c), metric)));
    const speedups = defined(cells.map((c) => c.speed?.speedup));
    const controls = defined(cells.map((c) => controlDelta(c, metric)));
    const vsControl = spread(
      controls.map((d) => d.value),
      controls[0]?.ci,
    );
    const gz = defined(cells.map((c) => gzipRatio(c, originalOf(record, c))));
    const ar = defined(cells.map((c) => c.size?.compressionRatio));
    const agg = cells.length > 1 ? aggregateOf(record, cells[0]) : undefined;
    const original = originalOf(record, cells[0]);
    const originalAgg = agg && original ? aggregateOf(record, original) : undefined;
    const originalMean = originalAgg?.[`quality.${metric}`]?.mean;
    return {
      label,
      cells,
      seeds: cells.length,
      retention: agg?.[`retention.${metric}`]?.mean ?? mean(cells.map((c) => c.retention![metric].value)),
      gzipRatio: gz.length ? mean(gz) : undefined,
      artifactRatio: ar.length ? mean(ar) : undefined,
      delta:
        (originalMean !== undefined ? fromFigure(agg?.[`quality.${metric}`], originalMean) : undefined) ??
        spread(
          deltas.map((d) => d.value),
          deltas[0]?.ci,
        ),
      speedup:
        fromFigure(agg?.['speed.speedup']) ??
        spread(
          speedups.map((s) => s.value),
          speedups[0]?.ci,
        ),
      ...(cells[0].speedRuntime !== undefined ? { speedRuntime: cells[0].speedRuntime } : {}),
      ...(vsControl ? { vsControl: { ...vsControl, control: cells[0].vsControl!.control.replace(/#s\d+$/, '') } } : {}),
    };
  });
}

/** A cell's primary metric minus its first control's, when it has one. */
function controlDelta(c: CellRecord, metric: string): { value: number; ci: [number, number] } | undefined {
  const v = c.vsControl as Record<string, unknown> | undefined;
  const d = v?.[metric];
  return d && typeof d === 'object' && 'value' in d ? (d as { value: number; ci: [number, number] }) : undefined;
}

/** The most compressed point (by gzip bytes) that keeps at least `minRetention` of the primary metric. */
export function bestPoint(record: RunRecord, minRetention = KEEP_RETENTION): PointSummary | undefined {
  const kept = summarisePoints(record).filter((p) => p.retention >= minRetention);
  kept.sort((a, b) => (b.gzipRatio ?? 1) - (a.gzipRatio ?? 1) || b.retention - a.retention);
  return kept[0];
}

const interval = (ci: [number, number] | undefined, f: (v: number) => string, seeds: number) =>
  ci ? ` [${f(ci[0])}, ${f(ci[1])}]${seeds > 1 ? ` over ${seeds} seeds` : ''}` : '';

/** The size, quality and speed phrase of one point, e.g. `10.0x smaller gzip, accuracy -0.31 pts [...], speedup 1.00 [...]`. */
export function describePoint(p: PointSummary, metric: string): string {
  const parts: string[] = [];
  if (p.gzipRatio !== undefined) parts.push(`${times(p.gzipRatio)} smaller gzip`);
  if (p.artifactRatio !== undefined && Math.abs(p.artifactRatio - 1) >= 0.05) parts.push(`${times(p.artifactRatio)} smaller artifact`);
  if (p.delta)
    parts.push(`${metric} ${pts(p.delta.value)}${interval(p.delta.ci, (v) => pts(v, false), p.seeds)}${p.vsControl ? ' vs original' : ''}`);
  if (p.vsControl)
    parts.push(`${pts(p.vsControl.value)}${interval(p.vsControl.ci, (v) => pts(v, false), p.seeds)} vs ${p.vsControl.control}`);
  if (p.speedup)
    parts.push(
      `speedup ${fixed(p.speedup.value, 2)}${interval(p.speedup.ci, (v) => fixed(v, 2), p.seeds)}${p.speedRuntime ? ` on ${p.speedRuntime}` : ''}`,
    );
  return parts.join(', ');
}

/** The one-line verdict of a run, computed from its record. */
export function verdict(record: RunRecord, minRetention = KEEP_RETENTION): Verdict {
  const metric = primaryMetric(record);
  const original = record.cells.find((c) => c.reference);
  if (original && original.status !== 'ok')
    return { kind: 'original-failed', text: `the original model failed: ${original.error ?? original.status}` };
  const points = summarisePoints(record);
  if (points.length === 0) return { kind: 'no-variants', text: 'no variant was measured' };
  const best = bestPoint(record, minRetention);
  const keep = `${Math.round(minRetention * 100)}% of the original's ${metric}`;
  if (best) return { kind: 'kept', point: best, text: `${best.label}: ${describePoint(best, metric)}` };
  const closest = [...points].sort((a, b) => b.retention - a.retention)[0];
  return {
    kind: 'none-kept',
    point: closest,
    text: `no variant keeps ${keep}; closest: ${closest.label} (retention ${fixed(closest.retention, 3)}; ${describePoint(closest, metric)})`,
  };
}
