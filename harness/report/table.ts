import { firstNumber } from '../results/paths.js';
import type { CellRecord, RunRecord } from '../results/record.js';
import { deltaOf, gzipRatio, originalOf, pointLabel, primaryMetric, seedsOf } from './cells.js';
import { llmColumns } from './llm-columns.js';
import { DASH, bytes, fixed, int, ms, pValue, pct, pts, si, times } from './format.js';

/** One table cell: a main text, an optional second line (an interval, a unit) and a style class. */
export interface TableCell {
  text: string;
  sub?: string;
  cls?: string;
}

/** A column of the comparison table. */
export interface TableColumn {
  label: string;
  /** What the column means, shown as the header's title. */
  help: string;
  value(c: CellRecord, original: CellRecord | undefined): TableCell;
}

/** One row of the comparison table. */
export interface TableRow {
  id: string;
  label: string;
  variant: string;
  reference: boolean;
  status: string;
  error?: string;
  cells: TableCell[];
}

/** The comparison table of a run: grouped columns, the original's row first. */
export interface ComparisonTable {
  groups: { label: string; span: number }[];
  columns: { label: string; help: string }[];
  rows: TableRow[];
  /** Quality metrics measured but only in the CSV download. */
  csvOnly: string[];
}

const METRIC_LABELS: Record<string, string> = {
  accuracy: 'accuracy',
  f1Macro: 'F1 macro',
  precisionMacro: 'precision macro',
  recallMacro: 'recall macro',
  fidelity: 'agreement with the original',
  kl: 'KL divergence',
  tv: 'total variation',
};

/** A readable name of a quality metric (`f1Macro` → `F1 macro`). */
export function metricLabel(key: string): string {
  return METRIC_LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A number stored at the first of the dotted `paths` present in a cell record (fields added over time). */
export function numberAt(c: CellRecord, ...paths: string[]): number | undefined {
  return firstNumber(c, paths);
}

/** Where a cell's peak memory may be recorded. */
export const MEMORY_PATHS = ['memoryBytes', 'size.memoryBytes', 'speed.memoryBytes'];

/** Quality metrics the HTML table shows besides the primary one; the rest are in the CSV download. */
export const TABLE_METRICS = ['f1Macro'];

/** The quality metrics of a run's table (the primary first) and those left to the CSV. */
export function splitMetrics(record: RunRecord): { shown: string[]; csvOnly: string[] } {
  const metric = primaryMetric(record);
  const all = [...new Set(record.cells.flatMap((c) => Object.keys(c.quality ?? {})))];
  const shown = [metric, ...TABLE_METRICS.filter((m) => m !== metric && all.includes(m))].filter((m) => all.includes(m));
  return { shown, csvOnly: all.filter((m) => !shown.includes(m)) };
}

/** True for a metric in [0, 1] shown as a percentage (accuracy, F1); losses and errors are shown as numbers. */
export function isShare(metric: string): boolean {
  return !/loss|error|perplexity|mse|mae|rmse|^kl$/i.test(metric);
}

const ci = (e: { ci?: [number, number] } | undefined, f: (v: number) => string) => (e?.ci ? `[${f(e.ci[0])}, ${f(e.ci[1])}]` : undefined);
const cell = (text: string, sub?: string, cls?: string): TableCell => ({ text, ...(sub ? { sub } : {}), ...(cls ? { cls } : {}) });
const na: TableCell = { text: DASH };

function qualityColumn(metric: string): TableColumn {
  return {
    label: metricLabel(metric),
    help: `${metricLabel(metric)} on the held-out test split, with its bootstrap confidence interval`,
    value: (c) => {
      const e = c.quality?.[metric];
      if (!e) return na;
      return isShare(metric)
        ? cell(
            pct(e.value),
            ci(e, (v) => (v * 100).toFixed(2)),
          )
        : cell(
            fixed(e.value, 4),
            ci(e, (v) => fixed(v, 4)),
          );
    },
  };
}

type ConfusionKey = Exclude<keyof NonNullable<CellRecord['vsControl']>, 'control' | 'kind' | 'mcnemarP' | 'flips'>;

/** Variant − its compute-matched control (the original trained as long, or the small architecture from scratch), paired on the test rows. */
function vsControlColumn(metric: string): TableColumn {
  return {
    label: `Δ ${metricLabel(metric)} vs control (pts)`,
    help: 'variant − its compute-matched control (the original trained for the same extra epochs, or the same small architecture trained from scratch), in percentage points, with its paired bootstrap interval and McNemar p',
    value: (c) => {
      const v = c.vsControl;
      const d = v?.[metric as ConfusionKey];
      if (!v || !d) return na;
      return cell(
        pts(d.value, false),
        `${ci(d, (x) => pts(x, false))} p ${pValue(v.mcnemarP)} vs ${v.control}`,
        d.ci[1] < 0 ? 'worse' : d.ci[0] > 0 ? 'better' : undefined,
      );
    },
  };
}

function columnGroups(record: RunRecord): { label: string; columns: TableColumn[] }[] {
  const metric = primaryMetric(record);
  const has = (f: (c: CellRecord) => unknown) => record.cells.some((c) => f(c) !== undefined);
  const metrics = splitMetrics(record).shown;
  const quality: TableColumn[] = [
    ...metrics.map(qualityColumn),
    {
      label: `Δ ${metricLabel(metric)} vs original (pts)`,
      help: `variant − original, in percentage points, with the interval of the paired bootstrap`,
      value: (c, o) => {
        const d = c.reference ? undefined : deltaOf(c, o, metric);
        return d
          ? cell(
              pts(d.value, false),
              ci(d, (v) => pts(v, false)),
              d.ci && d.ci[1] < 0 ? 'worse' : undefined,
            )
          : na;
      },
    },
    ...(has((c) => c.vsControl?.[metric as ConfusionKey]) ? [vsControlColumn(metric)] : []),
    {
      label: 'retention',
      help: `variant's ${metricLabel(metric)} / original's, with its paired bootstrap interval`,
      value: (c) => {
        const r = c.retention?.[metric];
        return r && !c.reference
          ? cell(
              fixed(r.value, 3),
              ci(r, (v) => fixed(v, 3)),
            )
          : na;
      },
    },
    {
      label: 'fidelity / McNemar p',
      help: "fidelity: share of test rows where the variant predicts what the original predicts; McNemar p: paired test of the variant's errors against the original's on the same rows (small: they differ)",
      value: (c) =>
        c.fidelity === undefined && c.mcnemarP === undefined
          ? na
          : cell(pct(c.fidelity), c.mcnemarP === undefined ? undefined : `p ${pValue(c.mcnemarP)}`),
    },
  ];
  const size: TableColumn[] = [
    {
      label: 'params',
      help: 'parameters, with how many are nonzero',
      value: (c) => (c.size ? cell(int(c.size.params), `${int(c.size.nonzeroParams)} nonzero`) : na),
    },
    {
      label: 'artifact',
      help: "bytes of the model files written (model.json + weights); ratio: original's artifact bytes / these",
      value: (c) =>
        c.size
          ? cell(
              bytes(c.size.artifactBytes),
              c.reference ? `${int(c.size.artifactBytes)} B` : `ratio ${times(c.size.compressionRatio)}`,
              c.size.compressionRatio >= 1.05 && !c.reference ? 'better' : undefined,
            )
          : na,
    },
    {
      label: 'gzip',
      help: "sum of the gzip -9 sizes of the model files; ratio: original's gzip bytes / these",
      value: (c, o) => {
        const r = gzipRatio(c, o);
        return c.size
          ? cell(
              bytes(c.size.gzipBytes),
              c.reference ? `${int(c.size.gzipBytes)} B` : `ratio ${times(r)}`,
              r !== undefined && r >= 1.05 && !c.reference ? 'better' : undefined,
            )
          : na;
      },
    },
  ];
  if (has((c) => c.flops)) {
    size.push({
      label: 'FLOPs',
      help: 'analytic FLOPs per sample: effective (nonzero weights), and dense',
      value: (c) => (c.flops ? cell(si(c.flops.effective), `${si(c.flops.dense)} dense`) : na),
    });
  }
  if (has((c) => numberAt(c, ...MEMORY_PATHS))) {
    size.push({ label: 'memory', help: 'memory the model takes when loaded', value: (c) => cell(bytes(numberAt(c, ...MEMORY_PATHS))) });
  }
  const speed: TableColumn[] = [
    {
      label: record.cells.some((c) => c.speedRuntime !== undefined)
        ? `speedup (${[...new Set(record.cells.map((c) => c.speedRuntime ?? 'tfjs'))].join(' / ')})`
        : 'speedup',
      help: "original's time / variant's time, timed interleaved in the same rounds, with its interval ('noisy': the interval is wide); in brackets the runtime it was timed on",
      value: (c) => {
        const s = c.speed?.speedup;
        if (!s || c.reference) return na;
        const interval = ci(s, (v) => fixed(v, 2));
        return cell(
          fixed(s.value, 2),
          c.speed?.noisy ? `${interval} noisy` : interval,
          s.ci[0] > 1 ? 'better' : s.ci[1] < 1 ? 'worse' : undefined,
        );
      },
    },
  ];
  if (has((c) => c.speed?.latencyMs)) {
    speed.push({
      label: 'latency p50',
      help: 'median latency of one sample (batch 1), with the 95th percentile below',
      value: (c) => (c.speed?.latencyMs ? cell(ms(c.speed.latencyMs.p50), `p95 ${ms(c.speed.latencyMs.p95)}`) : na),
    });
  }
  const batches = [...new Set(record.cells.map((c) => c.speed?.throughput.batch).filter((b) => b !== undefined))];
  speed.push({
    label: batches.length === 1 ? `throughput (batch ${batches[0]})` : 'throughput',
    help: 'samples per second at the throughput batch size',
    value: (c) =>
      c.speed
        ? cell(`${si(c.speed.throughput.samplesPerSec)}/s`, batches.length === 1 ? undefined : `batch ${c.speed.throughput.batch}`)
        : na,
  });
  const runtimeNames = [...new Set(record.cells.flatMap((c) => Object.keys(c.runtimes ?? {})))];
  return [
    { label: 'Quality', columns: quality },
    { label: 'Size', columns: size },
    { label: 'Speed', columns: speed },
    ...(runtimeNames.length > 0
      ? [{ label: 'Runtimes: speedup over the original on each', columns: runtimeNames.map(runtimeColumn) }]
      : []),
    ...(has((c) => c.llm) ? [{ label: 'LLM', columns: llmColumns() }] : []),
  ];
}

/** One runtime's figures of a cell: its speedup with the interval and parity with tfjs, or why it did not run. */
function runtimeColumn(name: string): TableColumn {
  return {
    label: name,
    help: `on ${name}: original's time / variant's time, both timed there interleaved, with its interval; agree: share of test rows predicted as tfjs predicts them`,
    value: (c) => {
      const r = c.runtimes?.[name];
      if (!r) return na;
      if (r.status !== 'ok') return cell(r.status, r.reason ?? r.error, r.status === 'failed' ? 'worse' : undefined);
      const s = r.speed?.speedup;
      const parity = r.parity ? `agree ${pct(r.parity.agreement)}` : undefined;
      if (!s || c.reference) return cell(DASH, parity);
      return cell(
        fixed(s.value, 2),
        [ci(s, (v) => fixed(v, 2)), parity].filter(Boolean).join(' · '),
        s.ci[0] > 1 ? 'better' : s.ci[1] < 1 ? 'worse' : undefined,
      );
    },
  };
}

/** The comparison table of a run: the original(s) first, then every variant cell in run order. */
export function comparisonTable(record: RunRecord): ComparisonTable {
  const groups = columnGroups(record);
  const columns = groups.flatMap((g) => g.columns);
  const multiSeed = seedsOf(record).length > 1;
  const cells = [...record.cells].sort((a, b) => Number(b.reference) - Number(a.reference));
  return {
    groups: groups.map((g) => ({ label: g.label, span: g.columns.length })),
    columns: columns.map((c) => ({ label: c.label, help: c.help })),
    csvOnly: splitMetrics(record).csvOnly.map(metricLabel),
    rows: cells.map((c) => ({
      id: c.id,
      label: multiSeed ? `${pointLabel(c)} (seed ${c.seed})` : pointLabel(c),
      variant: c.variant,
      reference: c.reference,
      status: c.status,
      ...(c.error !== undefined ? { error: c.error } : {}),
      cells: c.status === 'ok' ? columns.map((col) => col.value(c, originalOf(record, c))) : [],
    })),
  };
}
