import type { RunRecord } from '../results/record.js';
import { renderCharts, type RenderedChart } from './chart-set.js';
import { comparableRuns, historyChart } from './charts/history.js';
import { when } from './format.js';
import { runPagePath, slug } from './paths.js';
import type { PageScript } from './run-page.js';
import { KEEP_RETENTION, verdict, type Verdict } from './verdict.js';

/** One stored run as the index lists it. */
export interface IndexRun {
  id: string;
  href: string;
  when: string;
  quick: boolean;
  backend: string;
  verdict: Verdict;
  gates: string;
  gatesFailed: boolean;
  failedCells: number;
}

/** One suite on the index: its latest run, its verdict, its runs and its trend chart. */
export interface IndexSuite {
  name: string;
  anchor: string;
  description?: string;
  latest: IndexRun;
  runs: IndexRun[];
  chart?: RenderedChart;
}

/** Everything the index template shows. */
export interface IndexPageModel {
  suites: IndexSuite[];
  runCount: number;
  /** The retention a verdict's variant keeps, in percent. */
  keepPct: number;
  harnessVersion: string;
  scripts: PageScript[];
  interactive: boolean;
}

function indexRun(r: RunRecord): IndexRun {
  const passed = r.gates.filter((g) => g.pass).length;
  return {
    id: r.run.id,
    href: runPagePath(r),
    when: when(r.run.startedAt),
    quick: r.run.quick === true,
    backend: r.env.backend,
    verdict: verdict(r),
    gates: r.gates.length ? `${passed}/${r.gates.length}` : '–',
    gatesFailed: passed < r.gates.length,
    failedCells: r.cells.filter((c) => c.status === 'failed').length,
  };
}

/** Groups run records by suite name, oldest run first within a suite. */
export function bySuite(records: RunRecord[]): Map<string, RunRecord[]> {
  const out = new Map<string, RunRecord[]>();
  for (const r of records) out.set(r.suite.name, [...(out.get(r.suite.name) ?? []), r]);
  for (const runs of out.values()) runs.sort((a, b) => a.run.startedAt.localeCompare(b.run.startedAt));
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** Builds the view model of the index page. */
export async function indexPageModel(
  records: RunRecord[],
  scripts: PageScript[],
  regressedOf?: (r: RunRecord) => Set<string>,
): Promise<IndexPageModel> {
  const suites: IndexSuite[] = [];
  let n = 0;
  for (const [name, runs] of bySuite(records)) {
    const latest = runs[runs.length - 1];
    const entry = historyChart(comparableRuns(runs, latest), (r) => runPagePath(r), regressedOf);
    const [chart] = entry ? await renderCharts([{ id: 'history', spec: entry }], `s${n++}`) : [];
    suites.push({
      name,
      anchor: `suite-${slug(name)}`,
      ...(latest.suite.description ? { description: latest.suite.description } : {}),
      latest: indexRun(latest),
      runs: [...runs].reverse().map(indexRun),
      ...(chart ? { chart } : {}),
    });
  }
  return {
    suites,
    runCount: records.length,
    keepPct: Math.round(KEEP_RETENTION * 100),
    harnessVersion: records[0]?.env.harnessVersion ?? '',
    scripts,
    interactive: scripts.length > 0,
  };
}
