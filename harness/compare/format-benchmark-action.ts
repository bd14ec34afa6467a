import type { CellRecord, RunRecord } from '../results/record.js';
import type { Comparison } from './types.js';

/**
 * One entry of github-action-benchmark's custom tools (`customBiggerIsBetter` /
 * `customSmallerIsBetter`): the file is a JSON array of these.
 */
export interface BenchmarkActionEntry {
  name: string;
  unit: string;
  value: number;
  /** Spread as text, e.g. `± 0.012`. */
  range?: string;
  /** Free text shown in the tool's tooltip. */
  extra?: string;
}

/** Entries split by direction: one file per custom tool. */
export interface BenchmarkActionOutput {
  biggerIsBetter: BenchmarkActionEntry[];
  smallerIsBetter: BenchmarkActionEntry[];
}

function range(ci: [number, number] | undefined, scale = 1): string | undefined {
  if (!ci || !Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) return undefined;
  return `± ${(((ci[1] - ci[0]) / 2) * scale).toPrecision(3)}`;
}

function entry(name: string, unit: string, value: number, r: string | undefined, extra: string): BenchmarkActionEntry {
  return { name, unit, value, ...(r ? { range: r } : {}), extra };
}

/**
 * The current run's key figures per ok cell in github-action-benchmark's custom format, each with
 * the cell's compare state in `extra` when a comparison is given: accuracy (%), speedup and
 * throughput bigger-is-better; artifact and gzip bytes and p50 latency smaller-is-better.
 */
export function benchmarkActionEntries(record: RunRecord, comparison?: Comparison): BenchmarkActionOutput {
  const out: BenchmarkActionOutput = { biggerIsBetter: [], smallerIsBetter: [] };
  const states = new Map(comparison?.cells.map((c) => [c.id, c.state]));
  const ok = record.cells.filter((c): c is CellRecord => c.status === 'ok');
  for (const c of ok) {
    const base = `${record.suite.name}/${c.id}`;
    const extra = [
      `variant ${c.variant}`,
      `seed ${c.seed}`,
      ...(states.has(c.id) ? [`compare: ${states.get(c.id)}`] : []),
      `${record.env.cpu} / ${record.env.backend}`,
    ].join('\n');
    const acc = c.quality?.accuracy;
    if (acc) out.biggerIsBetter.push(entry(`${base}/accuracy`, '%', acc.value * 100, range(acc.ci, 100), extra));
    if (c.speed && !c.reference)
      out.biggerIsBetter.push(entry(`${base}/speedup`, 'x', c.speed.speedup.value, range(c.speed.speedup.ci), extra));
    if (c.speed)
      out.biggerIsBetter.push(
        entry(`${base}/throughput`, 'samples/s', c.speed.throughput.samplesPerSec, range(c.speed.throughput.ci), extra),
      );
    if (c.size) {
      out.smallerIsBetter.push(entry(`${base}/artifactBytes`, 'bytes', c.size.artifactBytes, undefined, extra));
      out.smallerIsBetter.push(entry(`${base}/gzipBytes`, 'bytes', c.size.gzipBytes, undefined, extra));
    }
    const lat = c.speed?.latencyMs;
    if (lat) out.smallerIsBetter.push(entry(`${base}/latencyP50`, 'ms', lat.p50, undefined, `${extra}\np95 ${lat.p95} ms`));
  }
  return out;
}

/** The path of the smaller-is-better file written beside a benchmark-action output file. */
export function smallerIsBetterPath(path: string): string {
  return path.endsWith('.json') ? `${path.slice(0, -'.json'.length)}.smaller.json` : `${path}.smaller.json`;
}
