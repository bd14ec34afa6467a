import { InputError } from '../errors.js';
import type { CellRecord } from '../results/record.js';
import { compareAccuracy, settleQuality, type PendingQuality } from './quality.js';
import { compareSize } from './size.js';
import { compareSpeed, sameMachineClass, throughputComparable, workersDiffer } from './speed.js';
import { benjaminiHochberg } from './stats.js';
import { worstState } from './tolerance.js';
import {
  CELL_STATES,
  type CellComparison,
  type CellState,
  type Comparison,
  type CompareOptions,
  type MetricComparison,
  type StoredRun,
} from './types.js';

/** Default false discovery rate of the quality tests. */
export const DEFAULT_FDR = 0.05;

/** Throws when two records cannot be compared at all (different suites, quick against full). */
export function checkComparable(current: StoredRun, baseline: StoredRun): void {
  const a = baseline.record;
  const b = current.record;
  if (a.suite.name !== b.suite.name) {
    throw new InputError(
      `${current.path}: suite '${b.suite.name}' cannot be compared with baseline ${baseline.path} of suite '${a.suite.name}'; pass the baseline of the same suite (--baseline)`,
      'compare-suite',
    );
  }
  if (Boolean(a.run.quick) !== Boolean(b.run.quick)) {
    const which = (q: boolean | undefined) => (q ? 'a --quick run' : 'a full run');
    throw new InputError(
      `${current.path}: ${which(b.run.quick)} cannot be compared with ${which(a.run.quick)} (${baseline.path}): their training and cells differ; compare against a baseline made the same way (--baseline)`,
      'compare-quick',
    );
  }
}

interface Pair {
  id: string;
  base?: CellRecord;
  cur?: CellRecord;
}

function pairCells(current: StoredRun, baseline: StoredRun): Pair[] {
  const cur = new Map(current.record.cells.map((c) => [c.id, c]));
  const pairs: Pair[] = baseline.record.cells.map((c) => ({ id: c.id, base: c, cur: cur.get(c.id) }));
  const seen = new Set(pairs.map((p) => p.id));
  for (const c of current.record.cells) if (!seen.has(c.id)) pairs.push({ id: c.id, cur: c });
  return pairs;
}

/**
 * Compares a run with its baseline cell by cell. Quality changes need to reach the tolerance and
 * be significant after Benjamini–Hochberg control across all cells; size growth past its tiny
 * tolerance regresses; speed drops must clear the larger of tolerance and CI width.
 */
export function compareRuns(current: StoredRun, baseline: StoredRun, opts: CompareOptions): Comparison {
  checkComparable(current, baseline);
  const q = opts.fdr ?? DEFAULT_FDR;
  const tol = opts.tolerances;
  const a = baseline.record;
  const b = current.record;
  const machine = throughputComparable(a, b);
  const notes: string[] = [];
  if (a.suite.hash !== b.suite.hash)
    notes.push(`the suite file changed since the baseline (hash ${a.suite.hash.slice(0, 8)} → ${b.suite.hash.slice(0, 8)})`);
  if (a.dataset?.hash !== b.dataset?.hash)
    notes.push("the test rows differ from the baseline's (dataset hash changed): quality uses unpaired tests");
  if (sameMachineClass(a, b) && workersDiffer(a, b)) {
    notes.push(
      `timed with ${a.run.workers} worker(s) in the baseline and ${b.run.workers} now: the other workers' load differs, so absolute throughput is not compared, speedup ratios only (run with --workers ${a.run.workers} to compare it)`,
    );
  }
  if (!sameMachineClass(a, b)) {
    notes.push(
      `different machine class (${a.env.cpu} / ${a.env.backend} → ${b.env.cpu} / ${b.env.backend}): absolute throughput not compared, speedup ratios only`,
    );
  }

  const partial: { pair: Pair; cell: CellComparison; quality?: PendingQuality }[] = [];
  for (const pair of pairCells(current, baseline)) {
    const some = (pair.cur ?? pair.base)!;
    const cell: CellComparison = { id: pair.id, variant: some.variant, reference: some.reference, state: 'pass', metrics: [], notes: [] };
    partial.push({ pair, cell });
    if (!pair.cur) {
      cell.state = 'missing';
      cell.notes.push('in the baseline but not in this run');
    } else if (pair.cur.status === 'skipped') {
      cell.state = 'missing';
      cell.notes.push('skipped in this run');
    } else if (!pair.base || pair.base.status !== 'ok') {
      cell.state = 'new';
      cell.notes.push(pair.base ? `the baseline cell ${pair.base.status}` : 'not in the baseline');
    } else if (pair.cur.status === 'failed') {
      cell.state = 'regressed';
      cell.notes.push(`failed in this run: ${pair.cur.error ?? 'unknown error'}`);
    } else {
      partial[partial.length - 1].quality = compareAccuracy(current, pair.cur, baseline, pair.base, tol.accuracyTolerance);
      cell.metrics.push(
        ...compareSize(pair.cur, pair.base, tol.sizeTolerance),
        ...compareSpeed(b, pair.cur, a, pair.base, tol.speedTolerance),
      );
    }
  }

  const tested = partial.filter((p) => p.quality);
  const adjusted = benjaminiHochberg(tested.map((p) => p.quality!.pValue));
  tested.forEach((p, i) => p.cell.metrics.unshift(settleQuality(p.quality!, adjusted[i], q)));
  for (const { cell } of partial) {
    if (cell.metrics.length === 0 || cell.state !== 'pass') continue;
    const worst = worstState(cell.metrics.map((m: MetricComparison) => m.state));
    cell.state = worst === 'skipped' ? 'pass' : worst;
  }

  const cells = partial.map((p) => p.cell);
  return {
    suite: b.suite.name,
    current: { id: b.run.id, path: current.path, startedAt: b.run.startedAt, gitSha: b.run.gitSha },
    baseline: { id: a.run.id, path: baseline.path, startedAt: a.run.startedAt, gitSha: a.run.gitSha },
    tolerances: { ...tol, source: opts.toleranceSource ?? 'given' },
    fdr: { q, tests: tested.length, significant: adjusted.filter((p) => p <= q).length },
    sameMachineClass: machine,
    notes,
    cells,
    ...summarize(cells),
  };
}

/** Counts per state and whether anything regressed. */
export function summarize(cells: readonly CellComparison[]): { counts: Record<CellState, number>; regressed: boolean } {
  const counts = Object.fromEntries(CELL_STATES.map((s) => [s, 0])) as Record<CellState, number>;
  for (const c of cells) counts[c.state]++;
  return { counts, regressed: counts.regressed > 0 };
}
