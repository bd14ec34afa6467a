import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isInputError } from '../errors.js';
import type { CellRecord } from '../results/record.js';
import { recordPath, writeRecord } from '../results/store.js';
import type { LoadedLlmSuite } from '../suite/llm-load.js';
import type { SuiteSpec } from '../suite/schema.js';
import { newRunId } from './env.js';
import { evaluateGates } from './gates.js';
import { llmCellFields } from './llm-cell.js';
import { answerTasks, timeInterleaved, type ModelAnswers } from './llm-measure.js';
import { checkSuiteEndpoints } from '../suite/llm-endpoints.js';
import { llmModels, openLlm, type LlmModelEntry, type OpenedLlm } from './llm-model.js';
import { llmRunRecord } from './llm-record.js';
import { prepareRun } from './llm-tasks.js';
import { selectCells } from './select.js';
import type { Cell } from '../suite/plan.js';
import type { SuiteRunOptions } from './options.js';
import type { RunOutcome } from './run-suite.js';

/** What the runner keeps of the original while its variants run. */
interface OriginalState {
  answers: ModelAnswers;
  runtime: OpenedLlm['runtime'];
  artifactBytes?: number;
  gzipBytes?: number;
}

function base(e: LlmModelEntry, seed: number): Pick<CellRecord, 'id' | 'variant' | 'method' | 'settings' | 'seed' | 'reference'> {
  return { id: e.variant, variant: e.variant, method: e.method, settings: e.settings, seed, reference: e.variant === 'original' };
}

function failed(e: LlmModelEntry, seed: number, err: unknown): CellRecord {
  const error = err instanceof Error ? err : new Error(String(err));
  return {
    ...base(e, seed),
    status: 'failed',
    error: error.message,
    stack: error.stack,
    ...(isInputError(error) ? { badInput: true } : {}),
  };
}

/**
 * Runs an LLM suite: the original and each variant answer the same rendered prompts of every
 * task, one model at a time in this process (llama.cpp uses its own threads; endpoints their
 * server). The original stays open so each variant's tokens/s is timed interleaved with it. A model
 * that fails (a server that dies, a file llama.cpp rejects) is a failed cell and the run goes on.
 * Endpoints are probed first: an unreachable one is bad input before anything runs.
 */
export async function runLlmSuite(suite: LoadedLlmSuite, opts: SuiteRunOptions): Promise<RunOutcome> {
  await checkSuiteEndpoints(suite);
  const { spec } = suite;
  const startedAt = new Date();
  const runId = newRunId(startedAt);
  const slug = spec.name.replace(/[^A-Za-z0-9._-]+/g, '_');
  const recordDir = join(opts.outDir, slug);
  const workDir = resolve(recordDir, 'artifacts', runId);
  const run = prepareRun(suite, opts.quick);
  const intervals = { resamples: spec.measure.resamples, level: spec.measure.ciLevel, seed: spec.seed };
  // Each model is one cell; a shard records its share of the variants (and shard 1 the original),
  // and every shard runs the original, since its variants are paired and timed with it.
  const all = llmModels(suite);
  const asCell = (e: LlmModelEntry): Cell => ({ ...base(e, spec.seed) });
  const { recorded, needed, planIds } = selectCells(all.map(asCell), opts.filter, opts.shard, () => 1);
  const entries = all.filter((e) => needed.some((c) => c.id === e.variant));
  const prompts = run.tasks.reduce((n, t) => n + t.prompts.length, 0);
  opts.log(`${spec.name}: ${entries.length} models on ${run.tasks.length} tasks (${prompts} prompts each)${opts.quick ? ' (quick)' : ''}`);

  const cells: CellRecord[] = [];
  let original: OriginalState | undefined;
  try {
    for (const e of entries) {
      const t0 = performance.now();
      if (e.variant !== 'original' && !original) {
        cells.push(failed(e, spec.seed, new Error('the original model failed, so this variant cannot be compared with it')));
        continue;
      }
      let opened: OpenedLlm | undefined;
      try {
        opened = await openLlm(suite, e, workDir, opts.log);
        const rt = opened.runtime;
        const answers = await answerTasks(rt, run, spec.seed, spec.llm.klTopK, original?.answers);
        const speed = await timeInterleaved(run, spec.llm.speedTokens, spec.seed, rt, original?.runtime);
        const fields = llmCellFields({
          run,
          answers,
          runtime: rt,
          file: opened.file,
          original: original && { ...original, tokenKeys: original.runtime.tokenKeys },
          speed,
          intervals,
          recordDir,
        });
        if (opened.compressMs !== undefined) fields.timings = { ...fields.timings, compressMs: opened.compressMs };
        if (opened.methodInfo) fields.methodInfo = opened.methodInfo;
        const cell: CellRecord = { ...base(e, spec.seed), status: 'ok', ...fields } as CellRecord;
        cells.push(cell);
        if (!original) {
          original = { answers, runtime: rt, artifactBytes: cell.size?.artifactBytes, gzipBytes: cell.size?.gzipBytes };
          opened = undefined;
        }
        opts.log(
          `  ${e.variant}: accuracy ${(cell.quality!.accuracy.value * 100).toFixed(1)}%${cell.speed ? `, ${cell.speed.throughput.samplesPerSec.toFixed(0)} tokens/s` : ''} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
        );
      } catch (err) {
        cells.push(failed(e, spec.seed, err));
        opts.log(`  ${e.variant}: FAILED ${(err as Error).message}`);
      } finally {
        await opened?.runtime.close().catch(() => undefined);
      }
    }
  } finally {
    await original?.runtime.close().catch(() => undefined);
    // Method variants' GGUF files were measured; they are rebuilt from the original on demand.
    rmSync(workDir, { recursive: true, force: true });
  }

  const kept = cells.filter((c) => recorded.has(c.id));
  const record = llmRunRecord({
    suite,
    run,
    opts,
    runId,
    startedAt,
    planIds,
    recordDir,
    cells: kept,
    gates: evaluateGates(spec.gates as SuiteSpec['gates'], kept, cells),
  });
  const path = writeRecord(recordPath(opts.outDir, slug, runId), record);
  return { record, path };
}
