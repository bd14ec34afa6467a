import type { CellRecord, RunRecord } from '../results/record.js';
import { deltaOf, gzipRatio, originalOf, primaryMetric } from './cells.js';
import { MEMORY_PATHS, numberAt } from './table.js';

type Value = string | number | boolean | null | undefined;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes doubled.
 * Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a
 * leading apostrophe; numbers are written as numbers.
 */
export function csvField(v: Value): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of values as CSV text with CRLF line ends. */
export function toCsv(rows: Value[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The comparison table of a run as CSV: one row per cell, raw numbers, intervals as `_lo`/`_hi` columns. */
export function comparisonCsv(record: RunRecord): string {
  const metric = primaryMetric(record);
  const metrics = [...new Set(record.cells.flatMap((c) => Object.keys(c.quality ?? {})))];
  const cols: [string, (c: CellRecord) => Value][] = [
    ['cell', (c) => c.id],
    ['variant', (c) => c.variant],
    ['method', (c) => c.method],
    ['settings', (c) => JSON.stringify(c.settings)],
    ['seed', (c) => c.seed],
    ['reference', (c) => c.reference],
    ['status', (c) => c.status],
    ['error', (c) => c.error],
  ];
  for (const m of metrics) {
    cols.push([m, (c) => c.quality?.[m]?.value], [`${m}_lo`, (c) => c.quality?.[m]?.ci[0]], [`${m}_hi`, (c) => c.quality?.[m]?.ci[1]]);
  }
  const delta = (c: CellRecord) => (c.reference ? undefined : deltaOf(c, originalOf(record, c), metric));
  cols.push(
    [`delta_${metric}`, (c) => delta(c)?.value],
    [`delta_${metric}_lo`, (c) => delta(c)?.ci?.[0]],
    [`delta_${metric}_hi`, (c) => delta(c)?.ci?.[1]],
    [`retention_${metric}`, (c) => c.retention?.[metric]?.value],
    [`retention_${metric}_lo`, (c) => c.retention?.[metric]?.ci[0]],
    [`retention_${metric}_hi`, (c) => c.retention?.[metric]?.ci[1]],
    ['fidelity', (c) => c.fidelity],
    ['fidelity_lo', (c) => c.fidelityCi?.[0]],
    ['fidelity_hi', (c) => c.fidelityCi?.[1]],
    ['mcnemar_p', (c) => c.mcnemarP],
    ['params', (c) => c.size?.params],
    ['nonzero_params', (c) => c.size?.nonzeroParams],
    ['fp32_bytes', (c) => c.size?.fp32Bytes],
    ['artifact_bytes', (c) => c.size?.artifactBytes],
    ['gzip_bytes', (c) => c.size?.gzipBytes],
    ['compression_ratio_artifact', (c) => c.size?.compressionRatio],
    ['compression_ratio_gzip', (c) => gzipRatio(c, originalOf(record, c))],
    ['flops_dense', (c) => c.flops?.dense],
    ['flops_effective', (c) => c.flops?.effective],
    ['memory_bytes', (c) => numberAt(c, ...MEMORY_PATHS)],
    ['latency_p50_ms', (c) => c.speed?.latencyMs?.p50],
    ['latency_p95_ms', (c) => c.speed?.latencyMs?.p95],
    ['latency_p99_ms', (c) => c.speed?.latencyMs?.p99],
    ['throughput_batch', (c) => c.speed?.throughput.batch],
    ['throughput_samples_per_sec', (c) => c.speed?.throughput.samplesPerSec],
    ['speedup', (c) => (c.reference ? undefined : c.speed?.speedup.value)],
    ['speedup_lo', (c) => (c.reference ? undefined : c.speed?.speedup.ci[0])],
    ['speedup_hi', (c) => (c.reference ? undefined : c.speed?.speedup.ci[1])],
    ['speedup_noisy', (c) => (c.reference ? undefined : c.speed?.noisy)],
    ['latency_speedup', (c) => (c.reference ? undefined : c.speed?.latencySpeedup?.value)],
  );
  const cells = [...record.cells].sort((a, b) => Number(b.reference) - Number(a.reference));
  return toCsv([cols.map(([name]) => name), ...cells.map((c) => cols.map(([, f]) => f(c)))]);
}
