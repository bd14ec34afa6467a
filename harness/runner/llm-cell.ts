import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Estimate } from '../measure/bootstrap.js';
import { klEstimate, meanKl, type TopK } from '../measure/llm-kl.js';
import { llmAccuracy, llmPaired, type IntervalOptions } from '../measure/llm-quality.js';
import { decodeRateEstimate, llmSpeed, tokensPerSecRatio, type GenerationTiming } from '../measure/llm-speed.js';
import { PREDICTIONS_DIR, writePredictions } from '../results/predictions.js';
import type { CellRecord } from '../results/record.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { readGgufHeader } from '../runtimes/gguf-read.js';
import type { LlmRuntime } from '../runtimes/llm-runtime.js';
import type { ModelAnswers, TaskAnswers } from './llm-measure.js';
import type { PreparedRun } from './llm-tasks.js';

/** Files at most this big are gzipped for `size.gzipBytes`. */
const GZIP_LIMIT = 512 * 1024 * 1024;

/** Parameters, bytes and gzip bytes of a GGUF file. */
export function ggufSize(path: string): { params: number; artifactBytes: number; gzipBytes: number } {
  const params = readGgufHeader(path).tensors.reduce((s, t) => s + t.dims.reduce((a, b) => a * b, 1), 0);
  const artifactBytes = statSync(path).size;
  const gzipBytes = artifactBytes <= GZIP_LIMIT ? gzipSync(readFileSync(path), { level: 6 }).length : artifactBytes;
  return { params, artifactBytes, gzipBytes };
}

/** Writes every completion and extracted answer of a model, per task, as a content-addressed file beside the record. */
function writeAnswers(recordDir: string, run: PreparedRun, answers: ModelAnswers): { file: string; sha256: string } {
  const body = {
    format: 'slimbench-llm-answers',
    version: 1,
    tasks: run.tasks.map((t, i) => ({
      name: t.spec.name,
      completions: answers.tasks[i].completions,
      answers: answers.tasks[i].answers,
      gold: t.items.map((it) => it.answer),
    })),
  };
  const bytes = Buffer.from(JSON.stringify(body));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const file = `${PREDICTIONS_DIR}/${sha256}.json`;
  writeFileAtomic(join(recordDir, file), bytes);
  return { file, sha256 };
}

/**
 * Distribution pairs at the same positions of two models' answers, conditioned on the same text:
 * every position of teacher-forced lists, and of two models' own generations the positions up to
 * and including the first token where they part (each sees the same prefix there).
 */
export function klPairs(a: TaskAnswers, b: TaskAnswers): [TopK, TopK][] {
  const pairs: [TopK, TopK][] = [];
  a.dists.forEach((da, i) => {
    const db = b.dists[i];
    if (!da || !db || da.mode !== db.mode) return;
    const n = Math.min(da.dists.length, db.dists.length);
    for (let j = 0; j < n; j++) {
      pairs.push([da.dists[j], db.dists[j]]);
      if (da.mode === 'own' && db.mode === 'own' && da.tokens[j] !== db.tokens[j]) break;
    }
  });
  return pairs;
}

const flat = <T>(tasks: TaskAnswers[], pick: (t: TaskAnswers) => T[]): T[] => tasks.flatMap(pick);

/** Inputs of {@link llmCellFields}. */
export interface LlmCellInputs {
  run: PreparedRun;
  answers: ModelAnswers;
  runtime: Pick<LlmRuntime, 'label' | 'tokenKeys' | 'residentBytes'>;
  /** The model's file, when it has one. */
  file?: string;
  /** The original's answers, runtime kind and size (absent for the original's own cell). */
  original?: { answers: ModelAnswers; tokenKeys: LlmRuntime['tokenKeys']; artifactBytes?: number; gzipBytes?: number };
  speed: { model: GenerationTiming[]; original: GenerationTiming[] };
  intervals: IntervalOptions;
  /** Folder of the run record, where the per-prompt right/wrong file goes. */
  recordDir: string;
}

/**
 * The measured fields of one LLM cell: exact-match accuracy pooled over the tasks (and per task
 * under `llm.tasks`), paired figures and KL against the original, size of the GGUF file, and the
 * speed figures (`speed.throughput` is generated tokens/s; `speed.speedup` the tokens/s ratio
 * against the original timed interleaved).
 */
export function llmCellFields(x: LlmCellInputs): Partial<CellRecord> {
  const { answers, original, intervals } = x;
  const correct = flat(answers.tasks, (t) => t.correct);
  const accuracy = llmAccuracy(correct, intervals);
  const sameKeys = original !== undefined && original.tokenKeys === x.runtime.tokenKeys;
  const tasks: Record<string, unknown> = {};
  x.run.tasks.forEach((task, i) => {
    const t = answers.tasks[i];
    const o = original?.answers.tasks[i];
    const paired = o ? llmPaired(o, t, intervals) : undefined;
    tasks[task.spec.name] = {
      n: t.correct.length,
      accuracy: llmAccuracy(t.correct, intervals),
      ...(paired ? { fidelity: paired.fidelity, flips: paired.flips, mcnemarP: paired.mcnemarP, retention: paired.retention } : {}),
      ...(o && sameKeys ? { kl: meanKl(klPairs(o, t)) } : {}),
      examples: t.completions.slice(0, 3),
    };
  });
  const timings = flat(answers.tasks, (t) => t.timings);
  const s = llmSpeed(timings);
  // Task answers are often a token or two; decoding rates come from the timed rounds when there are some.
  const decode = x.speed.model.length ? llmSpeed(x.speed.model).genTokensPerSec : s.genTokensPerSec;
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const rate = decodeRateEstimate(x.speed.model.length ? x.speed.model : timings, intervals);
  const ratio: Estimate | null = original ? tokensPerSecRatio(x.speed.original, x.speed.model, intervals) : { value: 1, ci: [1, 1] };
  const fields: Partial<CellRecord> & Record<string, unknown> = {
    quality: { accuracy },
    predictions: writePredictions(
      x.recordDir,
      2,
      Int32Array.from(correct, (c) => (c ? 1 : 0)),
    ),
    answers: writeAnswers(x.recordDir, x.run, answers),
    timings: { evalMs: answers.evalMs },
  };
  if (original) {
    const o = { answers: flat(original.answers.tasks, (t) => t.answers), correct: flat(original.answers.tasks, (t) => t.correct) };
    const p = llmPaired(o, { answers: flat(answers.tasks, (t) => t.answers), correct }, intervals);
    Object.assign(fields, {
      fidelity: p.fidelity,
      fidelityCi: p.fidelityCi,
      flips: p.flips,
      mcnemarP: p.mcnemarP,
      retention: { accuracy: p.retention },
    });
    if (sameKeys) {
      const kl = klEstimate(
        original.answers.tasks.flatMap((ot, i) => klPairs(ot, answers.tasks[i])),
        intervals,
      );
      if (kl !== null) fields.kl = kl;
    }
  }
  let size: ReturnType<typeof ggufSize> | undefined;
  if (x.file) {
    size = ggufSize(x.file);
    const ref = original?.artifactBytes ?? size.artifactBytes;
    const refGz = original?.gzipBytes ?? size.gzipBytes;
    fields.size = {
      params: size.params,
      nonzeroParams: size.params,
      fp32Bytes: size.params * 4,
      artifactBytes: size.artifactBytes,
      gzipBytes: size.gzipBytes,
      compressionRatio: ref / size.artifactBytes,
      gzipRatio: refGz / size.gzipBytes,
    };
  }
  if (rate && ratio)
    fields.speed = { throughput: { batch: 1, samplesPerSec: rate.value, ci: rate.ci }, speedup: ratio, rounds: x.speed.model.length };
  fields.llm = {
    runtime: x.file ? 'llama.cpp' : 'endpoint',
    model: x.runtime.label,
    ttftMs: { p50: finite(s.ttftMs.p50), p95: finite(s.ttftMs.p95) },
    promptTokensPerSec: finite(s.promptTokensPerSec),
    genTokensPerSec: { p50: finite(decode.p50), p95: finite(decode.p95) },
    ...(ratio ? { tokensPerSecRatio: ratio } : {}),
    ...(size ? { modelBytes: size.artifactBytes } : {}),
    ...(x.runtime.residentBytes !== undefined ? { residentBytes: x.runtime.residentBytes } : {}),
    perplexity: answers.perplexity,
    prompts: correct.length,
    tasks,
  };
  return fields;
}
