import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareRuns } from './compare.js';
import { DEFAULT_COMPARE, resolveTolerances, type CompareSettings } from './settings.js';
import type { CellState, StoredRun } from './types.js';
import { isInputError } from '../errors.js';
import { suiteSlug } from '../results/baseline.js';
import { readRecord } from '../results/store.js';

/** The stored runs of one suite, oldest first, and the files that were not readable run records. */
export interface RunList {
  runs: StoredRun[];
  skipped: { path: string; reason: string }[];
}

/**
 * The run records of a suite in `<resultsDir>/<suite>/` sorted by start time (then run id).
 * Single shards of a sharded run are left out (their merged record stands for the run).
 */
export function listRuns(resultsDir: string, suite: string): RunList {
  const dir = join(resultsDir, suiteSlug(suite));
  const out: RunList = { runs: [], skipped: [] };
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!name.endsWith('.json') || !statSync(path).isFile()) continue;
    try {
      const record = readRecord(path);
      if (record.suite.name !== suite) out.skipped.push({ path, reason: `a run of suite '${record.suite.name}'` });
      else if (record.run.shard && record.run.shard.count > 1) out.skipped.push({ path, reason: 'a single shard' });
      else out.runs.push({ path, record });
    } catch (err) {
      if (!isInputError(err)) throw err;
      out.skipped.push({ path, reason: err.message });
    }
  }
  out.runs.sort((a, b) => a.record.run.startedAt.localeCompare(b.record.run.startedAt) || a.record.run.id.localeCompare(b.record.run.id));
  return out;
}

/** The key figures of one cell in one run, with the regression mark from the previous run. */
export interface HistoryPoint {
  runId: string;
  startedAt: string;
  gitSha: string | null;
  quick: boolean;
  status: 'ok' | 'failed' | 'skipped';
  accuracy?: number;
  accuracyCi?: [number, number];
  speedup?: number;
  speedupCi?: [number, number];
  throughput?: number;
  artifactBytes?: number;
  gzipBytes?: number;
  /** This cell against the previous run of the same mode (quick or full); `first` when there is none. */
  state: CellState | 'first';
  /** True when `state` is `regressed`: draw a mark here. */
  regressed: boolean;
  /** The metrics that regressed (e.g. `accuracy`, `speedup`). */
  regressedMetrics: string[];
}

/** One cell's points across runs. */
export interface HistorySeries {
  cellId: string;
  variant: string;
  reference: boolean;
  settings: Record<string, unknown>;
  points: HistoryPoint[];
}

/** One run in the history with its regression count against the previous run. */
export interface HistoryRun {
  id: string;
  path: string;
  startedAt: string;
  gitSha: string | null;
  quick: boolean;
  regressions: number;
}

/** Everything the report needs to draw trend lines with regressions marked. */
export interface SuiteHistory {
  suite: string;
  runs: HistoryRun[];
  series: HistorySeries[];
  skipped: RunList['skipped'];
}

/**
 * The history of a suite: its stored runs and, per cell, a series of key figures, each point
 * marked `regressed` when `slimbench compare` would call that cell regressed against the previous
 * run of the same mode (quick runs are compared with quick runs, full with full).
 */
export function suiteHistory(resultsDir: string, suite: string, opts: { tolerances?: CompareSettings; fdr?: number } = {}): SuiteHistory {
  const list = listRuns(resultsDir, suite);
  const tolerances = opts.tolerances ?? suiteTolerances(list.runs.at(-1));
  const series = new Map<string, HistorySeries>();
  const runs: HistoryRun[] = [];
  const previous = new Map<boolean, StoredRun>();
  for (const run of list.runs) {
    const quick = Boolean(run.record.run.quick);
    const prev = previous.get(quick);
    const cmp = prev ? compareRuns(run, prev, { tolerances, fdr: opts.fdr }) : undefined;
    const verdicts = new Map(cmp?.cells.map((c) => [c.id, c]));
    for (const cell of run.record.cells) {
      let s = series.get(cell.id);
      if (!s) {
        s = { cellId: cell.id, variant: cell.variant, reference: cell.reference, settings: cell.settings, points: [] };
        series.set(cell.id, s);
      }
      const v = verdicts.get(cell.id);
      const state = v?.state ?? 'first';
      s.points.push({
        runId: run.record.run.id,
        startedAt: run.record.run.startedAt,
        gitSha: run.record.run.gitSha,
        quick,
        status: cell.status,
        ...(cell.quality?.accuracy ? { accuracy: cell.quality.accuracy.value, accuracyCi: cell.quality.accuracy.ci } : {}),
        ...(cell.speed && !cell.reference ? { speedup: cell.speed.speedup.value, speedupCi: cell.speed.speedup.ci } : {}),
        ...(cell.speed ? { throughput: cell.speed.throughput.samplesPerSec } : {}),
        ...(cell.size ? { artifactBytes: cell.size.artifactBytes, gzipBytes: cell.size.gzipBytes } : {}),
        state,
        regressed: state === 'regressed',
        regressedMetrics: v ? v.metrics.filter((m) => m.state === 'regressed').map((m) => m.metric) : [],
      });
    }
    runs.push({
      id: run.record.run.id,
      path: run.path,
      startedAt: run.record.run.startedAt,
      gitSha: run.record.run.gitSha,
      quick,
      regressions: cmp?.counts.regressed ?? 0,
    });
    previous.set(quick, run);
  }
  return { suite, runs, series: [...series.values()], skipped: list.skipped };
}

/** The `compare` tolerances of the suite file a run names (defaults when it cannot be read or is invalid). */
function suiteTolerances(run: StoredRun | undefined): CompareSettings {
  if (!run) return DEFAULT_COMPARE;
  try {
    return resolveTolerances(run.record.suite.file).tolerances;
  } catch {
    return DEFAULT_COMPARE;
  }
}

/** Names of the suites with stored runs under a results folder (one sub-folder per suite). */
export function listSuites(resultsDir: string): string[] {
  if (!existsSync(resultsDir)) return [];
  const names = new Set<string>();
  for (const sub of readdirSync(resultsDir).sort()) {
    const dir = join(resultsDir, sub);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.json')) continue;
      try {
        names.add(readRecord(join(dir, name)).suite.name);
        break;
      } catch (err) {
        if (!isInputError(err)) throw err;
      }
    }
  }
  return [...names];
}
