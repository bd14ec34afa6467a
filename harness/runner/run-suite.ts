import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { BackendChoice } from '../engine/backend.js';
import type { CellRecord, RunRecord } from '../results/record.js';
import { recordPath, writeRecord } from '../results/store.js';
import type { LoadedSuite } from '../suite/load.js';
import { applyQuick } from '../suite/quick.js';
import { assembleRecord } from './assemble.js';
import { restoreFiles } from './cache.js';
import { baseFields } from './cell.js';
import { newRunId } from './env.js';
import type { CellTask } from './executor.js';
import { findInterrupted, Journal } from './journal.js';
import { cellSummary } from './outcome.js';
import type { SuiteRunOptions } from './options.js';
import { canonicalJson } from './plain-codec.js';
import { planRun, planSummary, workerCount, type Planned } from './plan-run.js';
import { Progress } from './progress.js';
import { scheduleCells } from './schedule.js';
import { shareDataset } from './share.js';
import { localRunner, poolRunner, type TaskRunner } from './task-runner.js';

/** Kept here for callers of the earlier API; it lives in `suite/quick.ts`. */
export { applyQuick };

/** A finished run: its record and where it was written. */
export interface RunOutcome {
  record: RunRecord;
  path: string;
}

/**
 * Runs the cells of a suite (or of one shard of it) and writes its run record, in three stages:
 * plan ({@link planRun}: data, cells, cache look-ups), schedule ({@link scheduleCells}: originals
 * first, each seed's variants once its original is ready) and assemble ({@link assembleRecord}).
 * Each finished cell is stored in the content-addressed cache at once and flushed to a journal,
 * so a killed run loses nothing and a rerun redoes only unfinished cells. A cell that throws, or
 * whose worker dies, is recorded as `failed` and the run goes on.
 */
export async function runSuite(loaded: LoadedSuite, opts: SuiteRunOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const runId = newRunId(startedAt);
  const p = await planRun(loaded, opts);
  const { suite, planned, stats, recordDir } = p;
  const workers = workerCount(opts.workers, planned.size, stats.misses);
  for (const line of planSummary(p, workers, opts)) opts.log(line);

  const planKey = createHash('sha256')
    .update(canonicalJson({ suite: suite.hash, quick: opts.quick, filter: opts.filter, shard: opts.shard, base: p.base }))
    .digest('hex');
  const interrupted = findInterrupted(recordDir, planKey, '');
  for (const i of interrupted) opts.log(`  resuming interrupted run ${i.runId} (${i.cells} cells were finished; they come from the cache)`);
  const journal = new Journal(recordDir, { journal: 1, planKey, runId, suite: suite.spec.name, startedAt: startedAt.toISOString() });

  const sink = opts.progress ?? { write: (t: string) => opts.log(t.replace(/\n$/, '')), isTTY: false };
  const progress = new Progress(
    sink,
    planned.size,
    [...planned.values()].reduce((s, c) => s + c.cost, 0),
  );
  const runner = stats.misses > 0 ? makeRunner(workers, p.backend as BackendChoice, progress) : undefined;
  const results = new Map<string, CellRecord>();
  const finish = (c: Planned, record: CellRecord, cached: boolean) => {
    const full: CellRecord = { ...record, ...baseFields(c.cell), ...(cached ? { cached: true } : {}) };
    if (full.status === 'ok') restoreFiles(c.entry, full, recordDir);
    results.set(c.cell.id, full);
    if (c.recorded) journal.add(full);
    progress.finish(c.cell.id, c.cost, cellSummary(full), cached);
  };
  await scheduleCells(planned.values(), { suite, dataset: workers > 1 ? shareDataset(p.dataset) : p.dataset, runner, finish });
  await runner?.close();
  progress.end();

  const record = assembleRecord(p, results, { runId, startedAt, workers, workerPeakBytes: runner?.workerPeakBytes() ?? [] }, opts);
  const path = writeRecord(recordPath(opts.outDir, p.slug, runId), record);
  journal.remove();
  for (const i of interrupted) rmSync(i.path, { force: true });
  return { record, path };
}

function makeRunner(workers: number, backend: BackendChoice, progress: Progress): TaskRunner {
  const events = { onStart: (t: CellTask) => progress.start(t.cell.id), log: (m: string) => progress.log(m) };
  return workers > 1 ? poolRunner(workers, backend, events) : localRunner(events);
}
