import { createHash } from 'node:crypto';
import { writeLabels } from '../results/predictions.js';
import { SCHEMA_VERSION, type CellRecord, type GateRecord, type RunRecord } from '../results/record.js';
import type { LoadedLlmSuite } from '../suite/llm-load.js';
import { describeEnv, gitSha } from './env.js';
import type { PreparedRun } from './llm-tasks.js';
import type { SuiteRunOptions } from './options.js';

/** What {@link llmRunRecord} assembles. */
export interface LlmRecordInputs {
  suite: LoadedLlmSuite;
  run: PreparedRun;
  opts: Pick<SuiteRunOptions, 'quick' | 'shard'>;
  runId: string;
  startedAt: Date;
  /** Ids of every cell of the (filtered, unsharded) plan. */
  planIds: string[];
  recordDir: string;
  cells: CellRecord[];
  gates: GateRecord[];
}

/**
 * The run record of an LLM run. Its `dataset` stands for the prompts: their hash (same prompts,
 * same hash, so compare pairs runs prompt by prompt), one "right" label per prompt (each cell's
 * predictions say right or wrong), and each task's first prompt.
 */
export function llmRunRecord(x: LlmRecordInputs): RunRecord {
  const { spec } = x.suite;
  const prompts = x.run.tasks.reduce((n, t) => n + t.prompts.length, 0);
  const hash = createHash('sha256')
    .update(JSON.stringify(x.run.tasks.map((t) => [t.spec.name, t.prompts, t.items.map((i) => i.answer)])))
    .digest('hex');
  return {
    schemaVersion: SCHEMA_VERSION,
    suite: { name: spec.name, file: x.suite.file, hash: x.suite.hash, description: spec.description, kind: 'llm' },
    run: {
      id: x.runId,
      startedAt: x.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      gitSha: gitSha(),
      shard: x.opts.shard ?? null,
      quick: x.opts.quick,
      workers: 1,
      ciLevel: spec.measure.ciLevel,
      plan: {
        cells: x.planIds.length,
        hash: createHash('sha256').update(x.planIds.join('\n')).digest('hex'),
        ...(x.opts.shard ? { ids: x.planIds } : {}),
      },
    },
    env: describeEnv('llama.cpp'),
    dataset: {
      name: `tasks:${x.run.tasks.map((t) => t.spec.name).join('+')}`,
      hash,
      trainRows: 0,
      testRows: prompts,
      classNames: ['wrong', 'right'],
      labels: writeLabels(x.recordDir, 2, new Int32Array(prompts).fill(1)),
      tasks: x.run.tasks.map((t) => ({ name: t.spec.name, source: t.spec.source, prompts: t.prompts.length, firstPrompt: t.prompts[0] })),
    },
    cells: x.cells,
    gates: x.gates,
  };
}
