import type { CellRecord, SeedAggregate } from '../results/record.js';
import { mean, sampleSd, tHalfWidth } from './stats.js';

/** Mean, sd and t-interval of one figure over the seeds of a point (sd and ci null below 2 seeds). */
export interface FigureOverSeeds {
  mean: number;
  sd: number | null;
  ci: [number, number] | null;
  n: number;
}

/** The figures of a cell that are aggregated over seeds, by dotted record path. */
export function seedFigures(cell: CellRecord): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [m, e] of Object.entries(cell.quality ?? {})) out[`quality.${m}`] = e.value;
  for (const [m, e] of Object.entries(cell.retention ?? {})) out[`retention.${m}`] = e.value;
  if (cell.fidelity !== undefined) out.fidelity = cell.fidelity;
  if (cell.kl) out.kl = cell.kl.value;
  if (cell.tv) out.tv = cell.tv.value;
  if (cell.speed) {
    out['speed.speedup'] = cell.speed.speedup.value;
    out['speed.throughput.samplesPerSec'] = cell.speed.throughput.samplesPerSec;
  }
  return out;
}

/** Mean, sample sd and Student-t interval of the mean at `level`. */
export function overSeeds(values: number[], level: number): FigureOverSeeds {
  const m = mean(values);
  if (values.length < 2) return { mean: m, sd: null, ci: null, n: values.length };
  const h = tHalfWidth(values, level);
  return { mean: m, sd: sampleSd(values), ci: [m - h, m + h], n: values.length };
}

/**
 * Aggregates the `ok` cells of a run over seeds: one entry per (variant, settings) point, in the
 * order points first appear, with mean, sd and a t confidence interval over seeds (at `level`)
 * of every quality and retention metric, fidelity, KL, total variation, speedup and throughput. Pure.
 */
export function aggregateSeeds(cells: CellRecord[], level: number): SeedAggregate[] {
  const groups = new Map<string, CellRecord[]>();
  for (const c of cells) {
    if (c.status !== 'ok') continue;
    const key = `${c.variant}\u0000${stableJson(c.settings)}\u0000${stableJson(c.layers ?? null)}`;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  const out: SeedAggregate[] = [];
  for (const group of groups.values()) {
    const values = new Map<string, number[]>();
    for (const c of group) {
      for (const [k, v] of Object.entries(seedFigures(c))) {
        if (!Number.isFinite(v)) continue;
        const list = values.get(k);
        if (list) list.push(v);
        else values.set(k, [v]);
      }
    }
    const figures: Record<string, FigureOverSeeds> = {};
    for (const [k, v] of values) figures[k] = overSeeds(v, level);
    out.push({
      variant: group[0].variant,
      settings: group[0].settings,
      cells: group.map((c) => c.id),
      seeds: group.map((c) => c.seed),
      figures,
    });
  }
  return out;
}

/** JSON with object keys sorted, so equal settings give equal keys whatever their order. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
