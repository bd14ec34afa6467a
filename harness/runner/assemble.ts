import { createHash } from 'node:crypto';
import { addRunFigures } from '../measure/run-figures.js';
import { SCHEMA_VERSION, type CellRecord, type RunRecord } from '../results/record.js';
import { describeEnv, gitSha } from './env.js';
import { addFairFigures } from './fair.js';
import { evaluateGates } from './gates.js';
import type { SuiteRunOptions } from './options.js';
import type { RunPlan } from './plan-run.js';

/** How a run went, besides its cells: when, on how many workers, what its workers held. */
export interface RunFacts {
  runId: string;
  startedAt: Date;
  workers: number;
  workerPeakBytes: number[];
}

/**
 * The run record of a finished run: its cells in plan order (those this run records) with their
 * comparisons with controls and what they forgot ({@link addFairFigures}), the gates
 * evaluated on them (deltas against every original obtained, also those another shard records),
 * and the run-level figures (test labels file, aggregates over seeds, machine calibration).
 */
export function assembleRecord(
  p: RunPlan,
  results: ReadonlyMap<string, CellRecord>,
  facts: RunFacts,
  opts: Pick<SuiteRunOptions, 'shard' | 'quick'>,
): RunRecord {
  const { suite, dataset, stats, planIds } = p;
  const cells = p.plan.cells.filter((c) => p.recorded.has(c.id)).map((c) => results.get(c.id)!);
  const forgotten = addFairFigures(cells, [...results.values()], {
    recordDir: p.recordDir,
    dataset,
    level: suite.spec.measure.ciLevel,
    resamples: suite.spec.measure.resamples,
  });
  const record: RunRecord = {
    schemaVersion: SCHEMA_VERSION,
    suite: { name: suite.spec.name, file: suite.file, hash: suite.hash, description: suite.spec.description },
    run: {
      id: facts.runId,
      startedAt: facts.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      gitSha: gitSha(),
      shard: opts.shard ?? null,
      quick: opts.quick,
      workers: facts.workers,
      ciLevel: suite.spec.measure.ciLevel,
      cache: stats,
      memory: { peakRssBytes: process.resourceUsage().maxRSS * 1024, workerPeakBytes: facts.workerPeakBytes },
      plan: {
        cells: planIds.length,
        hash: createHash('sha256').update(planIds.join('\n')).digest('hex'),
        ...(opts.shard ? { ids: planIds } : {}),
      },
    },
    env: describeEnv(p.backend),
    dataset: {
      name: dataset.name,
      hash: dataset.hash,
      trainRows: dataset.train.n,
      testRows: dataset.test.n,
      classNames: dataset.classNames,
      ...(dataset.labeled === false ? { labeled: false } : {}),
      featureNames: dataset.featureNames.length <= 1000 ? dataset.featureNames : undefined,
    },
    cells,
    gates: evaluateGates(suite.spec.gates, cells, [...results.values()]),
    ...(forgotten.variants.length ? { forgotten } : {}),
  };
  // A run that computed nothing timed nothing, so it skips the machine calibration (~0.3 s).
  addRunFigures(record, {
    recordDir: p.recordDir,
    // Label-free data has no labels to store: compare pairs such cells by agreement with their original.
    labels: dataset.labeled === false ? undefined : dataset.test.y,
    classes: dataset.classNames.length,
    ciLevel: suite.spec.measure.ciLevel,
    calibrate: stats.misses > 0,
  });
  return record;
}
