import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { checkOriginal } from './model-check.js';
import { getDataSource } from '../data/index.js';
import type { BackendChoice } from '../engine/backend.js';
import { initBackend } from '../models/backend.js';
import { addRunFigures } from '../measure/run-figures.js';
import { SCHEMA_VERSION, type CellRecord, type RunRecord } from '../results/record.js';
import { recordPath, writeRecord } from '../results/store.js';
import type { LoadedSuite } from '../suite/load.js';
import { expandPlan, needsLayerIndices, type Cell } from '../suite/plan.js';
import { applyQuick } from '../suite/quick.js';
import { DEFAULT_CACHE_DIR, entryDir, readEntry, restoreFiles, type CacheStats } from './cache.js';
import { baseFields } from './cell.js';
import { cellSummary, failedRecord } from './outcome.js';
import { codeVersion } from './code-hash.js';
import { estimateCost } from './cost.js';
import { describeEnv, gitSha, newRunId } from './env.js';
import type { CellResult, CellTask, SeedData } from './executor.js';
import { evaluateGates } from './gates.js';
import { findInterrupted, Journal } from './journal.js';
import { cellKey, originalKey, type KeyBase } from './keys.js';
import { suiteLayerIndices } from './layers.js';
import type { SuiteRunOptions } from './options.js';
import { selectCells } from './select.js';
import { Progress } from './progress.js';
import { shareDataset } from './share.js';
import { localRunner, poolRunner, type TaskRunner } from './task-runner.js';
import { canonicalJson } from './plain-codec.js';

/** Kept here for callers of the earlier API; it lives in `suite/quick.ts`. */
export { applyQuick };

/** A finished run: its record and where it was written. */
export interface RunOutcome {
  record: RunRecord;
  path: string;
}

/** A planned cell with its cache key and, when the cache had it, the cached result. */
interface Planned {
  cell: Cell;
  key: string;
  entry: string;
  cost: number;
  /** In this run's record (false for an original another shard records). */
  recorded: boolean;
  hit?: CellResult;
  /** Id of an earlier cell with the same key: this cell waits for that one instead of computing. */
  twin?: string;
}

/**
 * Runs the cells of a suite (or of one shard of it) and writes its run record. Each finished
 * cell is stored in the content-addressed cache at once and flushed to a partial record, so a
 * killed run loses nothing and a rerun redoes only unfinished cells. Originals run first (in
 * parallel across seeds); each seed's variants follow as soon as its original is ready. A cell
 * that throws, or whose worker dies, is recorded as `failed` and the run goes on.
 */
export async function runSuite(loaded: LoadedSuite, opts: SuiteRunOptions): Promise<RunOutcome> {
  const suite = opts.quick ? applyQuick(loaded) : loaded;
  const startedAt = new Date();
  const runId = newRunId(startedAt);
  const backend = await initBackend(opts.backend, opts.log);
  const dataset = await checkOriginal(suite, await getDataSource(suite.spec.dataset.source).load(suite.datasetSettings, suite.spec.seed, suite.dir));
  const layers = needsLayerIndices(suite) ? await suiteLayerIndices(suite, dataset) : undefined;
  const plan = expandPlan(suite, opts.quick, layers);
  const cost = (c: Cell) => estimateCost(c, suite);
  const { recorded, needed, planIds } = selectCells(plan.cells, opts.filter, opts.shard, cost);

  const slug = suite.spec.name.replace(/[^A-Za-z0-9._-]+/g, '_');
  const recordDir = join(opts.outDir, slug);
  const cacheRoot = opts.cacheDir ?? DEFAULT_CACHE_DIR;
  const base: KeyBase = { code: codeVersion(), backend, cpu: os.cpus()[0]?.model ?? 'unknown', dataset: dataset.hash };
  const stats: CacheStats = { hits: 0, misses: 0 };
  const planned = new Map<string, Planned>();
  const originalKeys = new Map<number, string>();
  const firstByKey = new Map<string, string>();
  for (const cell of needed) {
    const okey = originalKeys.get(cell.seed) ?? originalKey(base, suite, cell.seed);
    originalKeys.set(cell.seed, okey);
    const key = cell.reference ? okey : cellKey(okey, suite, cell);
    const entry = entryDir(cacheRoot, cell.reference ? 'originals' : 'cells', key);
    const cached = opts.cache === false ? undefined : readEntry(entry, cell.reference);
    const twin = cached ? undefined : firstByKey.get(key);
    if (cached || twin) stats.hits++;
    else stats.misses++;
    if (!cached && !twin) firstByKey.set(key, cell.id);
    const hit = cached ? { record: cached.record, seed: cached.seed as SeedData | undefined } : undefined;
    planned.set(cell.id, { cell, key, entry, cost: cost(cell), recorded: recorded.has(cell.id), hit, twin });
  }

  const misses = stats.misses;
  const workers = Math.max(1, Math.min(opts.workers ?? (needed.length <= 2 ? 1 : os.availableParallelism()), misses));
  const shardText = opts.shard ? `, shard ${opts.shard.index}/${opts.shard.count}` : '';
  opts.log(`${suite.spec.name}: ${recorded.size} cells${shardText} on ${backend}${opts.quick ? ' (quick)' : ''}, ${stats.hits} cached, ${misses} to compute${misses ? ` on ${workers} worker${workers > 1 ? 's' : ''}` : ''}`);
  opts.log(`  data ${dataset.name}: ${dataset.train.n} train / ${dataset.test.n} test rows, ${dataset.classNames.length} classes`);

  const planKey = createHash('sha256').update(canonicalJson({ suite: suite.hash, quick: opts.quick, filter: opts.filter, shard: opts.shard, base })).digest('hex');
  const interrupted = findInterrupted(recordDir, planKey, '');
  for (const i of interrupted) opts.log(`  resuming interrupted run ${i.runId} (${i.cells} cells were finished; they come from the cache)`);
  const journal = new Journal(recordDir, { journal: 1, planKey, runId, suite: suite.spec.name, startedAt: startedAt.toISOString() });

  const sink = opts.progress ?? { write: (t: string) => opts.log(t.replace(/\n$/, '')), isTTY: false };
  const progress = new Progress(sink, planned.size, [...planned.values()].reduce((s, p) => s + p.cost, 0));
  const runner = misses > 0 ? makeRunner(workers, backend as BackendChoice, progress) : undefined;
  const shared = workers > 1 ? shareDataset(dataset) : dataset;
  const results = new Map<string, CellRecord>();

  const finish = (p: Planned, record: CellRecord, cached: boolean) => {
    const full: CellRecord = { ...record, ...baseFields(p.cell), ...(cached ? { cached: true } : {}) };
    if (full.status === 'ok') restoreFiles(p.entry, full, recordDir);
    results.set(p.cell.id, full);
    if (p.recorded) journal.add(full);
    progress.finish(p.cell.id, p.cost, cellSummary(full), cached);
  };
  // A cell comes from the cache, or its task (built once its dependencies are ready) is run.
  const inflight = new Map<string, Promise<CellResult | undefined>>();
  const obtainNow = async (p: Planned, task: () => Promise<CellTask>): Promise<CellResult | undefined> => {
    if (p.hit) {
      finish(p, p.hit.record, true);
      return p.hit;
    }
    if (p.twin) {
      // Same key as an earlier cell (same method and settings under another name): one computation.
      const twin = await inflight.get(p.twin);
      finish(p, twin ? twin.record : failedRecord(p.cell, new Error(`cell ${p.twin}, which has the same method and settings, failed`)), twin !== undefined);
      return twin;
    }
    try {
      const result = await runner!.run(await task());
      finish(p, result.record, false);
      return result;
    } catch (err) {
      finish(p, failedRecord(p.cell, err), false);
      return undefined;
    }
  };
  const obtain = (p: Planned, task: () => Promise<CellTask>): Promise<CellResult | undefined> => {
    const promise = obtainNow(p, task);
    inflight.set(p.cell.id, promise);
    return promise;
  };

  const seeds = new Map<number, Promise<SeedData | undefined>>();
  for (const p of planned.values()) {
    if (!p.cell.reference) continue;
    const task = async (): Promise<CellTask> => ({ kind: 'original', suite, dataset: shared, cell: p.cell, entry: p.entry });
    seeds.set(p.cell.seed, obtain(p, task).then((r) => r?.seed));
  }
  const variants = [...planned.values()].filter((p) => !p.cell.reference);
  await Promise.all(
    variants.map((p) =>
      obtain(p, async () => {
        const seed = await seeds.get(p.cell.seed);
        if (!seed) throw new Error(`the original model of seed ${p.cell.seed} failed, so this variant cannot be measured`);
        return { kind: 'variant', suite, dataset: shared, seed, cell: p.cell, entry: p.entry };
      }),
    ),
  );
  await Promise.all(seeds.values());
  await runner?.close();
  progress.end();

  const records = plan.cells.filter((c) => recorded.has(c.id)).map((c) => results.get(c.id)!);
  const record: RunRecord = {
    schemaVersion: SCHEMA_VERSION,
    suite: { name: suite.spec.name, file: suite.file, hash: suite.hash, description: suite.spec.description },
    run: {
      id: runId,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      gitSha: gitSha(),
      shard: opts.shard ?? null,
      quick: opts.quick,
      workers,
      ciLevel: suite.spec.measure.ciLevel,
      cache: stats,
      memory: { peakRssBytes: process.resourceUsage().maxRSS * 1024, workerPeakBytes: runner?.workerPeakBytes() ?? [] },
      plan: { cells: planIds.length, hash: createHash('sha256').update(planIds.join('\n')).digest('hex'), ...(opts.shard ? { ids: planIds } : {}) },
    },
    env: describeEnv(backend),
    dataset: {
      name: dataset.name,
      hash: dataset.hash,
      trainRows: dataset.train.n,
      testRows: dataset.test.n,
      classNames: dataset.classNames,
      ...(dataset.labeled === false ? { labeled: false } : {}),
      featureNames: dataset.featureNames.length <= 1000 ? dataset.featureNames : undefined,
    },
    cells: records,
    gates: evaluateGates(suite.spec.gates, records, [...results.values()]),
  };
  // Run-level measurement: test labels file, aggregates over seeds, matmul calibration.
  // A run that computed nothing timed nothing, so it skips the machine calibration (~0.3 s).
  addRunFigures(record, { recordDir, labels: dataset.labeled === false ? undefined : dataset.test.y, classes: dataset.classNames.length, ciLevel: suite.spec.measure.ciLevel, calibrate: stats.misses > 0 });
  const path = writeRecord(recordPath(opts.outDir, slug, runId), record);
  journal.remove();
  for (const i of interrupted) rmSync(i.path, { force: true });
  return { record, path };
}

function makeRunner(workers: number, backend: BackendChoice, progress: Progress): TaskRunner {
  const events = { onStart: (t: CellTask) => progress.start(t.cell.id), log: (m: string) => progress.log(m) };
  return workers > 1 ? poolRunner(workers, backend, events) : localRunner(events);
}
