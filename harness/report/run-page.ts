import type { RunRecord } from '../results/record.js';
import { comparableRuns } from './charts/history.js';
import { controlRows, type ControlRow } from './controls-view.js';
import { forgettingView, type ForgettingView } from './forgetting-view.js';
import { renderCharts, runCharts, type RenderedChart } from './chart-set.js';
import { pointLabel, primaryMetric, seedsOf } from './cells.js';
import { comparisonCsv } from './csv.js';
import { DASH, fixed, when } from './format.js';
import { runBaseName, runPagePath } from './paths.js';
import { comparisonTable, metricLabel, type ComparisonTable, type TableCell } from './table.js';
import { KEEP_RETENTION, verdict, type Verdict } from './verdict.js';

/** A script element of a page: an `assets/` file or inline source. */
export type PageScript = { src: string } | { source: string };

/** How a run page is written. */
export interface RunPageOptions {
  /** Scripts to load (interactive mode); none for static pages. */
  scripts: PageScript[];
  /** Inline downloads as data URLs so that the page stands alone. */
  singleFile: boolean;
  /** The cells of a run to mark as regressed in the history chart. */
  regressedOf?: (r: RunRecord) => Set<string>;
}

/** Everything the run template shows. */
export interface RunPageModel {
  suite: RunRecord['suite'];
  run: RunRecord['run'];
  harnessVersion: string;
  started: string;
  shard?: string;
  metric: string;
  keepPct: number;
  ciText: string;
  batch: string;
  verdict: Verdict;
  env: { label: string; value: string; title?: string }[];
  downloads: { label: string; href: string; filename: string; type: string; kind: string }[];
  csvOnly: string;
  table: Omit<ComparisonTable, 'columns' | 'rows' | 'csvOnly'> & {
    columns: { label: string; help: string; start: boolean }[];
    rows: (ComparisonTable['rows'][number] & { cells: TableCell[] })[];
  };
  columnCount: number;
  gates: { total: number; passed: number; failed: number; rows: { cell: string; check: string; value: string; pass: boolean }[] };
  charts: (RenderedChart & { wide: boolean })[];
  /** Each variant against its compute-matched controls (empty without controls). */
  controls: ControlRow[];
  forgetting?: ForgettingView;
  failedCells: { label: string; error: string }[];
  details: { label: string; json: string }[];
  indexHref: string;
  prev?: { href: string };
  next?: { href: string };
  scripts: PageScript[];
  interactive: boolean;
}

/** The run record and comparison CSV written next to a run page. */
export interface RunDownloads {
  json: string;
  csv: string;
}

function envList(r: RunRecord): RunPageModel['env'] {
  const env = r.env as RunRecord['env'] & Record<string, unknown>;
  const calib = typeof env.calibrationGflops === 'number' ? `${fixed(env.calibrationGflops, 1)} GFLOP/s` : undefined;
  const dur = r.run.finishedAt ? (Date.parse(r.run.finishedAt) - Date.parse(r.run.startedAt)) / 1000 : NaN;
  const list: (RunPageModel['env'][number] | undefined)[] = [
    { label: 'backend', value: env.backend },
    { label: 'CPU', value: env.cpu },
    { label: 'cores', value: String(env.cores) },
    calib ? { label: 'calibration', value: calib, title: 'matmul throughput of this machine measured at the end of the run' } : undefined,
    { label: 'Node', value: env.node },
    { label: 'OS', value: env.os },
    { label: 'harness', value: env.harnessVersion },
    { label: 'git', value: r.run.gitSha ? r.run.gitSha.slice(0, 12) : DASH, ...(r.run.gitSha ? { title: r.run.gitSha } : {}) },
    { label: 'suite hash', value: r.suite.hash.slice(0, 12), title: r.suite.hash },
    r.dataset ? { label: 'dataset', value: r.dataset.name } : undefined,
    r.dataset
      ? {
          label: 'rows',
          value: `${r.dataset.trainRows.toLocaleString('en-US')} train / ${r.dataset.testRows.toLocaleString('en-US')} test`,
        }
      : undefined,
    r.dataset ? { label: 'classes', value: String(r.dataset.classNames.length), title: r.dataset.classNames.join(', ') } : undefined,
    { label: 'seeds', value: seedsOf(r).join(', ') },
    Number.isFinite(dur) ? { label: 'duration', value: `${dur.toFixed(0)} s` } : undefined,
  ];
  return list.filter((x): x is RunPageModel['env'][number] => x !== undefined);
}

const dataUrl = (type: string, text: string) => `data:${type};base64,${Buffer.from(text, 'utf8').toString('base64')}`;

/** The run record as pretty JSON and the comparison table as CSV. */
export function runDownloads(record: RunRecord): RunDownloads {
  return { json: `${JSON.stringify(record, null, 1)}\n`, csv: comparisonCsv(record) };
}

/** Builds the view model of a run's page; `history` holds every stored run of the same suite. */
export async function runPageModel(record: RunRecord, history: RunRecord[], opts: RunPageOptions): Promise<RunPageModel> {
  const base = runBaseName(record);
  const here = runPagePath(record);
  const rel = (r: RunRecord) => relativeHref(here, runPagePath(r));
  const sorted = [...history].sort((a, b) => a.run.startedAt.localeCompare(b.run.startedAt));
  const i = sorted.findIndex((r) => runPagePath(r) === here);
  const table = comparisonTable(record);
  const starts = new Set<number>();
  table.groups.reduce((at, g) => (starts.add(at), at + g.span), 0);
  const metric = primaryMetric(record);
  const files = runDownloads(record);
  const entries = runCharts(record, comparableRuns(sorted, record), rel, opts.regressedOf);
  const charts = (await renderCharts(entries)).map((c) => ({ ...c, wide: /-(confusion|history|sensitivity)$/.test(c.id) }));
  const gateRows = record.gates.map((g) => ({
    cell: g.cell ?? g.variant,
    check: g.check,
    value: g.value === null ? 'not measured' : String(Number(g.value.toPrecision(4))),
    pass: g.pass,
  }));
  const forgetting = forgettingView(record, base);
  const speedBatch = record.cells.find((c) => c.speed)?.speed?.throughput.batch;
  return {
    suite: record.suite,
    run: record.run,
    harnessVersion: record.env.harnessVersion,
    started: when(record.run.startedAt),
    ...(record.run.shard ? { shard: `${record.run.shard.index + 1} of ${record.run.shard.count}` } : {}),
    metric: metricLabel(metric),
    keepPct: Math.round(KEEP_RETENTION * 100),
    ciText: ciText(record),
    batch: speedBatch === undefined ? DASH : String(speedBatch),
    verdict: verdict(record),
    env: envList(record),
    downloads: [
      {
        label: 'Comparison table (CSV)',
        kind: 'csv',
        type: 'text/csv',
        filename: `${base}.csv`,
        href: opts.singleFile ? dataUrl('text/csv', files.csv) : `${base}.csv`,
      },
      {
        label: 'Run record (JSON)',
        kind: 'json',
        type: 'application/json',
        filename: `${base}.json`,
        href: opts.singleFile ? dataUrl('application/json', files.json) : `${base}.json`,
      },
    ],
    table: {
      groups: table.groups,
      columns: table.columns.map((c, j) => ({ ...c, start: starts.has(j) })),
      rows: table.rows.map((r) => ({
        ...r,
        cells: r.cells.map((c, j) => ({ ...c, cls: [c.cls, starts.has(j) ? 'group-start' : ''].filter(Boolean).join(' ') })),
      })),
    },
    columnCount: table.columns.length,
    csvOnly: table.csvOnly.join(', '),
    gates: {
      total: gateRows.length,
      passed: gateRows.filter((g) => g.pass).length,
      failed: gateRows.filter((g) => !g.pass).length,
      rows: gateRows,
    },
    charts,
    controls: controlRows(record),
    ...(forgetting ? { forgetting } : {}),
    failedCells: record.cells
      .filter((c) => c.status === 'failed')
      .map((c) => ({ label: c.id, error: c.error ?? 'no error message recorded' })),
    details: record.cells.map((c) => ({
      label: `${pointLabel(c)}${seedsOf(record).length > 1 ? ` (seed ${c.seed})` : ''}: ${c.method}`,
      json: JSON.stringify(
        { settings: c.settings, ...(c.methodInfo ? { methodInfo: c.methodInfo } : {}), ...(c.timings ? { timings: c.timings } : {}) },
        null,
        1,
      ),
    })),
    indexHref: relativeHref(here, 'index.html'),
    ...(i > 0 ? { prev: { href: rel(sorted[i - 1]) } } : {}),
    ...(i >= 0 && i < sorted.length - 1 ? { next: { href: rel(sorted[i + 1]) } } : {}),
    scripts: opts.scripts,
    interactive: opts.scripts.length > 0,
  };
}

function ciText(record: RunRecord): string {
  const suite = record.suite as Record<string, unknown>;
  const level = typeof suite.ciLevel === 'number' ? suite.ciLevel : undefined;
  return `${level ? `${Math.round(level * 100)}% ` : ''}bootstrap confidence intervals (the Δ column's comes from the paired bootstrap of retention)`;
}

/** A link from one site-relative page to another (both paths use `/`). */
export function relativeHref(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let k = 0;
  while (k < a.length && k < b.length - 1 && a[k] === b[k]) k++;
  return [...a.slice(k).map(() => '..'), ...b.slice(k)].join('/');
}
