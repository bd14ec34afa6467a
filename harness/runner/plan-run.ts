import os from 'node:os';
import { join } from 'node:path';
import { getDataSource } from '../data/index.js';
import type { Dataset } from '../data/types.js';
import { initBackend } from '../models/backend.js';
import type { LoadedSuite } from '../suite/load.js';
import { expandPlan, needsLayerIndices, type Cell, type Plan } from '../suite/plan.js';
import { applyQuick } from '../suite/quick.js';
import { withRuntimes } from './runtimes-override.js';
import { DEFAULT_CACHE_DIR, entryDir, readEntry, type CacheStats } from './cache.js';
import { codeVersion } from './code-hash.js';
import { checkOriginal } from './model-check.js';
import { estimateCost } from './cost.js';
import type { CellResult, SeedData } from './executor.js';
import { cellKey, originalKey, type KeyBase } from './keys.js';
import { suiteLayerIndices } from './layers.js';
import type { SuiteRunOptions } from './options.js';
import { selectCells } from './select.js';

/** A planned cell with its cache key and, when the cache had it, the cached result. */
export interface Planned {
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

/** Everything decided before any cell runs: the suite as run, its data, its cells and what the cache holds. */
export interface RunPlan {
  suite: LoadedSuite;
  backend: string;
  dataset: Dataset;
  plan: Plan;
  /** Ids of the cells this run's record holds. */
  recorded: ReadonlySet<string>;
  /** Ids of the whole (unsharded, filtered) plan, in order. */
  planIds: string[];
  /** What the cache keys of this run are made of. */
  base: KeyBase;
  /** The cells to obtain, by id, in plan order. */
  planned: Map<string, Planned>;
  stats: CacheStats;
  /** File-system-safe suite name: the folder of its records. */
  slug: string;
  recordDir: string;
}

/**
 * Plans a run: applies `--quick`, starts the backend, loads the data, expands and selects the
 * cells (filter, shard) and looks each up in the cache. A cell with the key of an earlier cell
 * becomes its twin (computed once).
 */
export async function planRun(loaded: LoadedSuite, opts: SuiteRunOptions): Promise<RunPlan> {
  const suite = withRuntimes(opts.quick ? applyQuick(loaded) : loaded, opts.runtimes);
  const backend = await initBackend(opts.backend, opts.log);
  const dataset = await checkOriginal(
    suite,
    await getDataSource(suite.spec.dataset.source).load(suite.datasetSettings, suite.spec.seed, suite.dir),
  );
  const layers = needsLayerIndices(suite) ? await suiteLayerIndices(suite, dataset) : undefined;
  const plan = expandPlan(suite, opts.quick, layers);
  const cost = (c: Cell) => estimateCost(c, suite);
  const { recorded, needed, planIds } = selectCells(plan.cells, opts.filter, opts.shard, cost);
  const slug = suite.spec.name.replace(/[^A-Za-z0-9._-]+/g, '_');
  const base: KeyBase = { code: codeVersion(), backend, cpu: os.cpus()[0]?.model ?? 'unknown', dataset: dataset.hash };
  const cacheRoot = opts.cacheDir ?? DEFAULT_CACHE_DIR;
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
  return { suite, backend, dataset, plan, recorded, planIds, base, planned, stats, slug, recordDir: join(opts.outDir, slug) };
}

/**
 * Worker threads for the cells to compute: `--workers` or the cores (1 when at most 2 cells are
 * needed at all), never more than the cells to compute, at least 1.
 */
export function workerCount(requested: number | undefined, needed: number, misses: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(requested ?? (needed <= 2 ? 1 : cores), misses));
}

/** The two lines a run starts with: what it runs where, and its data. */
export function planSummary(p: RunPlan, workers: number, opts: Pick<SuiteRunOptions, 'shard' | 'quick'>): string[] {
  const { misses, hits } = p.stats;
  const shardText = opts.shard ? `, shard ${opts.shard.index}/${opts.shard.count}` : '';
  const { dataset: d } = p;
  return [
    `${p.suite.spec.name}: ${p.recorded.size} cells${shardText} on ${p.backend}${opts.quick ? ' (quick)' : ''}, ${hits} cached, ${misses} to compute${misses ? ` on ${workers} worker${workers > 1 ? 's' : ''}` : ''}`,
    `  data ${d.name}: ${d.train.n} train / ${d.test.n} test rows, ${d.classNames.length} classes`,
  ];
}
