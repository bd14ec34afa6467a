import type { CellRecord, RunRecord } from '../results/record.js';

/** A value with a confidence interval, as run records store them. */
export interface Estimate {
  value: number;
  ci: [number, number];
}

/** Cells that were measured (status ok). */
export function okCells(record: RunRecord): CellRecord[] {
  return record.cells.filter((c) => c.status === 'ok');
}

/** The metric a report leads with: accuracy when measured, else the first quality metric. */
export function primaryMetric(record: RunRecord): string {
  const keys = new Set(okCells(record).flatMap((c) => Object.keys(c.quality ?? {})));
  return keys.has('accuracy') ? 'accuracy' : ([...keys][0] ?? 'accuracy');
}

/** The original (reference) cell measured with the same seed as `cell`. */
export function originalOf(record: RunRecord, cell: CellRecord): CellRecord | undefined {
  const refs = record.cells.filter((c) => c.reference);
  return refs.find((c) => c.seed === cell.seed) ?? (refs.length === 1 ? refs[0] : undefined);
}

/** A cell's id without its seed tag (`pruned[sparsity=0.5]#s8` → `pruned[sparsity=0.5]`). */
export function pointLabel(cell: CellRecord): string {
  return cell.id.replace(/#s-?\d+$/, '');
}

/** The ids of a record's cells carry seed tags when it has more than one seed. */
export function seedsOf(record: RunRecord): number[] {
  return [...new Set(record.cells.map((c) => c.seed))].sort((a, b) => a - b);
}

/** Original gzip bytes / this cell's gzip bytes (how pruning and quantization show up on the wire). */
export function gzipRatio(cell: CellRecord, original: CellRecord | undefined): number | undefined {
  if (cell.size?.gzipRatio !== undefined) return cell.size.gzipRatio;
  const o = original?.size?.gzipBytes;
  const v = cell.size?.gzipBytes;
  return o && v ? o / v : undefined;
}

/**
 * Difference of a metric to the original (variant − original), with an interval derived from the
 * paired bootstrap of the retention ratio: (retention − 1) × original's value.
 */
export function deltaOf(
  cell: CellRecord,
  original: CellRecord | undefined,
  metric: string,
): { value: number; ci?: [number, number] } | undefined {
  const v = cell.quality?.[metric]?.value;
  const o = original?.quality?.[metric]?.value;
  if (v === undefined || o === undefined) return undefined;
  const r = cell.retention?.[metric];
  return { value: v - o, ...(r && !cell.reference ? { ci: [(r.ci[0] - 1) * o, (r.ci[1] - 1) * o] as [number, number] } : {}) };
}

/** Per-class F1 of a cell: the recorded `perClass.f1`, else computed from its confusion matrix. */
export function cellF1(cell: CellRecord): number[] | undefined {
  if (cell.perClass?.f1?.length) return cell.perClass.f1;
  return cell.confusion?.length ? perClassF1(cell.confusion) : undefined;
}

/** Per-class F1 from a confusion matrix (`confusion[true][predicted]`). */
export function perClassF1(confusion: number[][]): number[] {
  return confusion.map((row, c) => {
    const tp = row[c] ?? 0;
    const actual = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, r) => a + (r[c] ?? 0), 0);
    const p = predicted ? tp / predicted : 0;
    const r = actual ? tp / actual : 0;
    return p + r ? (2 * p * r) / (p + r) : 0;
  });
}

/** Class names of a record, or `class 0`, `class 1`, ... when it does not name them. */
export function classNames(record: RunRecord, k: number): string[] {
  const names = record.dataset?.classNames ?? [];
  return Array.from({ length: k }, (_, i) => names[i] ?? `class ${i}`);
}

/** The settings of a cell other than `except`, as `key=value` text (empty when none). */
export function settingsLabel(settings: Record<string, unknown>, except: string[] = []): string {
  return Object.entries(settings)
    .filter(([k]) => !except.includes(k))
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(',');
}

/**
 * The layer a sensitivity cell compressed alone: `methodInfo.layer`, or a `layers` setting that
 * names one layer (or a few, joined). Undefined for cells that compress the whole model.
 */
export function sensitivityLayer(cell: CellRecord): string | undefined {
  const info = cell.methodInfo?.layer;
  if (typeof info === 'string' && info) return info;
  const s = cell.settings.layers;
  if (typeof s === 'string' && s) return s;
  if (Array.isArray(s) && s.length > 0 && s.every((x) => typeof x === 'string' || typeof x === 'number')) return s.join(',');
  return undefined;
}

/**
 * Cell ids a record marks as regressed: `regressions[]` entries naming a cell (or variant) at the
 * top level, or a truthy `regression` on the cell itself.
 */
export function regressedCells(record: RunRecord): Set<string> {
  const out = new Set<string>();
  const top = (record as Record<string, unknown>).regressions;
  const entries = Array.isArray(top) ? top : [];
  for (const e of entries) {
    if (typeof e === 'string') out.add(e);
    else if (e && typeof e === 'object') {
      const o = e as Record<string, unknown>;
      const id = o.cell ?? o.id ?? o.variant;
      if (typeof id === 'string') out.add(id);
    }
  }
  for (const c of record.cells) {
    const r = (c as Record<string, unknown>).regression;
    if (r && (typeof r !== 'object' || (r as { regressed?: unknown }).regressed !== false)) out.add(c.id);
  }
  // A variant name marks all of its cells.
  for (const c of record.cells) if (out.has(c.variant)) out.add(c.id);
  return out;
}
