import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKENDS, type BackendChoice } from '../engine/backend.js';
import type { RunRecord } from '../results/record.js';
import { runSuite } from '../runner/run-suite.js';
import { runLlmSuite } from '../runner/llm-run.js';
import { loadAnySuite } from '../suite/any-suite.js';
import { compareRuns, summarize } from './compare.js';
import type { Comparison, CompareOptions, StoredRun } from './types.js';

/** Reruns some cells of a run's suite (the original always runs too) and returns the new run. */
export type Rerun = (cellIds: string[]) => Promise<StoredRun>;

/**
 * `--confirm`: reruns every regressed cell and keeps it `regressed` only when the rerun regresses
 * against the baseline too; otherwise the cell becomes `noisy` (two measurements disagree).
 */
export async function confirmRegressions(comparison: Comparison, baseline: StoredRun, rerun: Rerun, opts: CompareOptions): Promise<Comparison> {
  const suspects = comparison.cells.filter((c) => c.state === 'regressed').map((c) => c.id);
  if (suspects.length === 0) return comparison;
  const again = await rerun(suspects);
  const second = compareRuns(again, baseline, opts);
  const verdicts = new Map(second.cells.map((c) => [c.id, c.state]));
  const cells = comparison.cells.map((c) => {
    if (c.state !== 'regressed') return c;
    const state = verdicts.get(c.id);
    if (state === 'regressed') return { ...c, confirmed: true };
    const metrics = c.metrics.map((m) => (m.state === 'regressed' ? { ...m, state: 'noisy' as const, note: `${m.note ? `${m.note}; ` : ''}not reproduced by a rerun` } : m));
    return { ...c, state: 'noisy' as const, confirmed: false, metrics, notes: [...c.notes, `a rerun gave '${state ?? 'missing'}', so the regression is not confirmed`] };
  });
  const confirmed = cells.filter((c) => c.confirmed === true).length;
  return {
    ...comparison,
    cells,
    notes: [...comparison.notes, `--confirm: reran ${suspects.length} suspected cell(s) (${again.path}); ${confirmed} confirmed`],
    ...summarize(cells),
  };
}

/**
 * Filters that cover `ids` with the runner's substring `--filter`: one per variant when several
 * of its cells are suspected, else the cell id itself.
 */
export function rerunFilters(ids: string[], variantOf: (id: string) => string): string[] {
  const byVariant = new Map<string, string[]>();
  for (const id of ids) byVariant.set(variantOf(id), [...(byVariant.get(variantOf(id)) ?? []), id]);
  return [...byVariant.entries()].map(([variant, list]) => (list.length > 1 ? variant : list[0]));
}

/**
 * The real rerun: loads the suite file the record names and runs only the suspected cells with
 * the runner's filter, in the record's mode (quick or full) and backend, into a temporary folder,
 * on one worker: a cell timed while another worker computes can read much slower than it is
 * (shared caches and memory bandwidth), so the confirming timing is taken alone.
 */
export function runnerRerun(record: RunRecord, log: (m: string) => void): Rerun {
  return async (ids) => {
    const suite = loadAnySuite(record.suite.file);
    if (suite.hash !== record.suite.hash) log(`confirm: ${record.suite.file} changed since the run; rerunning it as it is now`);
    const outDir = mkdtempSync(join(tmpdir(), 'slimbench-confirm-'));
    const backend = (BACKENDS as readonly string[]).includes(record.env.backend) ? (record.env.backend as BackendChoice) : 'auto';
    const variantOf = (id: string) => record.cells.find((c) => c.id === id)?.variant ?? id;
    let first: StoredRun | undefined;
    const cells = new Map<string, RunRecord['cells'][number]>();
    for (const filter of rerunFilters(ids, variantOf)) {
      // A fresh measurement: the cache would hand back the suspected numbers unchanged.
      const opts = { outDir, quick: Boolean(record.run.quick), backend, filter, cache: false, cacheDir: join(outDir, 'cache'), workers: 1, log };
      const out = suite.kind === 'llm' ? await runLlmSuite(suite, opts) : await runSuite(suite, opts);
      first ??= out;
      for (const c of out.record.cells) if (c.reference ? !cells.has(c.id) : ids.includes(c.id)) cells.set(c.id, c);
    }
    return { path: first!.path, record: { ...first!.record, cells: [...cells.values()] } };
  };
}
