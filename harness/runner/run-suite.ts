import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { getDataSource } from '../data/index.js';
import { initBackend } from '../engine/backend.js';
import { addRunFigures } from '../measure/run-figures.js';
import { SCHEMA_VERSION, type CellRecord, type RunRecord } from '../results/record.js';
import { recordPath, writeRecord } from '../results/store.js';
import type { LoadedSuite } from '../suite/load.js';
import { expandPlan, type Cell } from '../suite/plan.js';
import { baseFields, runVariantCell } from './cell.js';
import { describeEnv, gitSha, newRunId } from './env.js';
import { evaluateGates } from './gates.js';
import { runOriginal } from './original.js';
import type { RunOptions, SeedContext } from './types.js';

/** A finished run: its record and where it was written. */
export interface RunOutcome {
  record: RunRecord;
  path: string;
}

/** The suite with its `quick` overrides applied (fewer epochs, a data subset). */
export function applyQuick(suite: LoadedSuite): LoadedSuite {
  const q = suite.spec.quick;
  const source = getDataSource(suite.spec.dataset.source);
  const datasetSettings = { ...suite.datasetSettings };
  if (q.limit !== undefined && source.limitKey) datasetSettings[source.limitKey] = q.limit;
  const train = { ...suite.spec.model.train, ...(q.epochs !== undefined ? { epochs: q.epochs } : {}) };
  return { ...suite, datasetSettings, spec: { ...suite.spec, model: { ...suite.spec.model, train } } };
}

/**
 * Runs every cell of a suite and writes its run record. A cell that throws is recorded as
 * `failed` with its error and the run goes on.
 */
export async function runSuite(loaded: LoadedSuite, opts: RunOptions): Promise<RunOutcome> {
  const suite = opts.quick ? applyQuick(loaded) : loaded;
  const startedAt = new Date();
  const runId = newRunId(startedAt);
  const backend = await initBackend(opts.backend, opts.log);
  const plan = expandPlan(suite, opts.quick);
  const cells = plan.cells.filter((c) => c.reference || !opts.filter || c.id.includes(opts.filter) || c.variant.includes(opts.filter));
  const slug = suite.spec.name.replace(/[^A-Za-z0-9._-]+/g, '_');
  const artifactRoot = join(opts.outDir, slug, 'artifacts', runId);
  const source = getDataSource(suite.spec.dataset.source);
  opts.log(`${suite.spec.name}: ${cells.length} cells on ${backend}${opts.quick ? ' (quick)' : ''}`);
  const dataset = await source.load(suite.datasetSettings, suite.spec.seed, suite.dir);
  opts.log(`  data ${dataset.name}: ${dataset.train.n} train / ${dataset.test.n} test rows, ${dataset.classNames.length} classes`);

  const records: CellRecord[] = [];
  const started = performance.now();
  const contexts = new Map<number, { ctx: SeedContext; model: tf.LayersModel }>();
  for (const [i, cell] of cells.entries()) {
    const t0 = performance.now();
    let record: CellRecord;
    try {
      if (cell.reference) {
        const r = await runOriginal(suite, dataset, cell, artifactRoot, opts.log);
        contexts.set(cell.seed, { ctx: r.ctx, model: r.model });
        record = r.record;
      } else {
        const base = contexts.get(cell.seed);
        if (!base) throw new Error(`the original model of seed ${cell.seed} failed, so this variant cannot be measured`);
        record = await runVariantCell(base.ctx, cell, base.model);
      }
    } catch (err) {
      record = failed(cell, err);
    }
    records.push(record);
    const done = i + 1;
    const elapsed = performance.now() - started;
    const eta = (elapsed / done) * (cells.length - done);
    opts.log(`[${done}/${cells.length}] ${cell.id}: ${summary(record)} (${((performance.now() - t0) / 1000).toFixed(1)} s, ETA ${(eta / 1000).toFixed(0)} s)`);
  }
  for (const { model } of contexts.values()) model.dispose();

  const record: RunRecord = {
    schemaVersion: SCHEMA_VERSION,
    suite: { name: suite.spec.name, file: suite.file, hash: suite.hash, description: suite.spec.description },
    run: { id: runId, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), gitSha: gitSha(), shard: null, quick: opts.quick },
    env: describeEnv(backend),
    dataset: {
      name: dataset.name,
      hash: dataset.hash,
      trainRows: dataset.train.n,
      testRows: dataset.test.n,
      classNames: dataset.classNames,
      featureNames: dataset.featureNames.length <= 1000 ? dataset.featureNames : undefined,
    },
    cells: records,
    gates: evaluateGates(suite.spec.gates, records),
  };
  // Run-level measurement: test labels file, aggregates over seeds, matmul calibration.
  addRunFigures(record, { recordDir: join(opts.outDir, slug), labels: dataset.test.y, classes: dataset.classNames.length, ciLevel: suite.spec.measure.ciLevel });

  const path = writeRecord(recordPath(opts.outDir, slug, runId), record);
  return { record, path };
}

function failed(cell: Cell, err: unknown): CellRecord {
  const e = err instanceof Error ? err : new Error(String(err));
  return { ...baseFields(cell), status: 'failed', error: e.message, stack: e.stack };
}

function summary(r: CellRecord): string {
  if (r.status !== 'ok') return `FAILED: ${r.error}`;
  const acc = r.quality?.accuracy?.value;
  const parts = [`accuracy ${acc !== undefined ? (acc * 100).toFixed(2) + '%' : '?'}`];
  if (r.size) parts.push(`${r.size.artifactBytes} B (x${r.size.compressionRatio.toFixed(2)})`);
  if (r.speed && !r.reference) parts.push(`speedup ${r.speed.speedup.value.toFixed(2)}`);
  return parts.join(', ');
}
