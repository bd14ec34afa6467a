import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { fairCellFields, forgottenRecord } from './fair-record.js';

export type { ControlComparison, ForgottenRecord, ItemView } from './fair-record.js';

/** Version of the run-record format written by this harness. */
export const SCHEMA_VERSION = 1;

const estimate = z.object({ value: z.number(), ci: z.tuple([z.number(), z.number()]) });
const interval = z.tuple([z.number(), z.number()]);
/** True for a relative path that stays inside its folder (no `..` segment, not absolute, no drive). */
export const staysInside = (p: string): boolean => p !== '' && !isAbsolute(p) && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).includes('..');
/** A content-addressed file beside the record: path relative to the record's folder, sha256 of its bytes. */
const fileRef = z.object({
  // merge and baseline update copy these files: a path that leaves the folder would copy files into or from anywhere.
  file: z.string().refine(staysInside, "must be a path inside the record's folder, such as predictions/<sha256>.json (no '..' segment, not absolute)"),
  sha256: z.string(),
});
const figureOverSeeds = z.object({ mean: z.number(), sd: z.number().nullable(), ci: interval.nullable(), n: z.number() });
/** Mean, sd and CI over seeds of one variant+settings point (runs with `repeats` > 1). */
const aggregate = z
  .object({ variant: z.string(), settings: z.record(z.string(), z.unknown()), cells: z.array(z.string()), seeds: z.array(z.number()), figures: z.record(z.string(), figureOverSeeds) })
  .passthrough();

const speedRecord = z.object({
  latencyMs: z.object({ p50: z.number(), p95: z.number(), p99: z.number() }).optional(),
  throughput: z.object({ batch: z.number(), samplesPerSec: z.number(), ci: z.tuple([z.number(), z.number()]) }),
  speedup: estimate,
  rounds: z.number().optional(),
  latencySpeedup: estimate.optional(),
  latencyRounds: z.number().optional(),
  rme: z.number().optional(),
  noisy: z.boolean().optional(),
  calibrationGflops: z.number().optional(),
});

/** What one runtime measured of a cell. */
const runtimeRecord = z
  .object({
    status: z.enum(['ok', 'failed', 'skipped']),
    reason: z.string().optional(),
    error: z.string().optional(),
    artifact: z.string().optional(),
    loadMs: z.object({ reference: z.number(), candidate: z.number() }).optional(),
    speed: speedRecord.optional(),
    parity: z.object({ rows: z.number(), agreement: z.number(), maxAbsDiff: z.number() }).optional(),
    quality: z.record(z.string(), estimate).optional(),
    predictions: fileRef.optional(),
  })
  .passthrough();
export type RuntimeRecord = z.infer<typeof runtimeRecord>;

/** One measured (variant, settings, seed) point, or the original model (`reference: true`). */
export const cellRecord = z
  .object({
    id: z.string(),
    variant: z.string(),
    method: z.string(),
    settings: z.record(z.string(), z.unknown()),
    seed: z.number(),
    reference: z.boolean(),
    status: z.enum(['ok', 'failed', 'skipped']),
    error: z.string().optional(),
    /** The cell failed on a setting the model refutes (bad input): `run` exits 2. */
    badInput: z.boolean().optional(),
    /** With `badInput`: the InputError's stable code (e.g. `lowrank-rank-too-large`), also from a worker thread. */
    errorCode: z.string().optional(),
    stack: z.string().optional(),
    methodInfo: z.record(z.string(), z.unknown()).optional(),
    quality: z.record(z.string(), estimate).optional(),
    confusion: z.array(z.array(z.number())).optional(),
    perClass: z.object({ precision: z.array(z.number()), recall: z.array(z.number()), f1: z.array(z.number()), support: z.array(z.number()) }).optional(),
    fidelity: z.number().optional(),
    fidelityCi: interval.optional(),
    flips: z.object({ rightToWrong: z.number(), wrongToRight: z.number() }).optional(),
    predictions: fileRef.optional(),
    retention: z.record(z.string(), estimate).optional(),
    /** Variant cells: each quality metric minus that of the original of the same seed (gates check `delta.accuracy`). */
    delta: z.record(z.string(), z.number()).optional(),
    mcnemarP: z.number().optional(),
    size: z
      .object({
        params: z.number(),
        nonzeroParams: z.number(),
        fp32Bytes: z.number(),
        artifactBytes: z.number(),
        gzipBytes: z.number(),
        memoryBytes: z.number().optional(),
        compressionRatio: z.number(),
        gzipRatio: z.number().optional(),
        /** Brotli bytes of what ships (a browser's download): the tfjs files, or the .onnx of an integer variant. */
        brotliBytes: z.number().optional(),
        /** The cell's ONNX export (integer variants: the int8 model): bytes, gzip and brotli. */
        onnxBytes: z.number().optional(),
        onnxGzipBytes: z.number().optional(),
        onnxBrotliBytes: z.number().optional(),
        /** 'onnx' when the shipped artifact is the .onnx (integer variants); ratios then compare with the original's .onnx. */
        format: z.enum(['tfjs-layers', 'onnx']).optional(),
      })
      .optional(),
    flops: z
      .object({
        dense: z.number(),
        effective: z.number(),
        layers: z.array(z.object({ name: z.string(), className: z.string(), dense: z.number(), effective: z.number() })).optional(),
        uncounted: z.array(z.string()).optional(),
      })
      .optional(),
    speed: speedRecord.optional(),
    ...fairCellFields,
    timings: z.record(z.string(), z.number()).optional(),
    /** Per runtime of `measure.runtimes`: status, speed (vs the original on that runtime), parity with tfjs, quality where numerics differ. */
    runtimes: z.record(z.string(), runtimeRecord).optional(),
    /** The runtime whose figures the top-level `speed` holds (when the suite lists runtimes). */
    speedRuntime: z.string().optional(),
    /** The runtime the top-level quality was measured on, when not tfjs (integer ONNX variants). */
    evaluatedOn: z.string().optional(),
    /** The cell's .onnx file (in its artifact folder). */
    onnxArtifact: z.string().optional(),
    /** True when the cell came from the content-addressed cache (no work was done in this run). */
    cached: z.boolean().optional(),
    /** Sensitivity cells: the one layer the method compressed. */
    layers: z.array(z.string()).optional(),
    /** LLM cells: every completion, extracted and gold answer, as a content-addressed file beside the record. */
    answers: fileRef.optional(),
    /** LLM cells: speed (time to first token, prompt and generated tokens/s), model bytes, perplexity, per-task figures. */
    llm: z
      .object({
        ttftMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
        promptTokensPerSec: z.number().nullable(),
        genTokensPerSec: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
        tokensPerSecRatio: estimate.optional(),
      })
      .passthrough()
      .optional(),
    /** Folder of the cell's model artifact on the machine that ran it (left out of baselines). */
    artifact: z.string().optional(),
  })
  .passthrough();

/** A gate: one claim of the suite, evaluated on one variant's cell. */
export const gateRecord = z
  .object({ variant: z.string(), cell: z.string().optional(), check: z.string(), value: z.number().nullable(), pass: z.boolean() })
  .passthrough();

/** A run record: everything one `slimbench run` of one suite measured. */
export const runRecord = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    suite: z.object({ name: z.string(), file: z.string(), hash: z.string(), description: z.string().optional() }).passthrough(),
    run: z
      .object({
        id: z.string(),
        startedAt: z.string(),
        finishedAt: z.string().optional(),
        gitSha: z.string().nullable(),
        shard: z.object({ index: z.number(), count: z.number() }).nullable(),
        quick: z.boolean().optional(),
        /** Worker threads the cells were computed on (speed figures were timed with the others busy). */
        workers: z.number().optional(),
        /** Confidence level of the suite's intervals (merge recomputes aggregates with it). */
        ciLevel: z.number().optional(),
        /** Cells served from the cache and cells computed. */
        cache: z.object({ hits: z.number(), misses: z.number() }).optional(),
        /** Peak resident set of the run's process, and the most each worker thread's isolate held. */
        memory: z.object({ peakRssBytes: z.number(), workerPeakBytes: z.array(z.number()) }).optional(),
        /** The unsharded plan: cell count, sha256 of the cell ids, and (shard records) the ids in order. */
        plan: z.object({ cells: z.number(), hash: z.string(), ids: z.array(z.string()).optional() }).optional(),
        /** Shard runs a merged record was joined from. */
        mergedFrom: z.array(z.object({ id: z.string(), shard: z.object({ index: z.number(), count: z.number() }).nullable(), gitSha: z.string().nullable() })).optional(),
      })
      .passthrough(),
    env: z
      .object({ node: z.string(), backend: z.string(), cpu: z.string(), cores: z.number(), os: z.string(), harnessVersion: z.string(), calibrationGflops: z.number().optional() })
      .passthrough(),
    dataset: z
      .object({
        name: z.string(),
        hash: z.string(),
        trainRows: z.number(),
        testRows: z.number(),
        classNames: z.array(z.string()),
        /** Input feature names, when there are at most 1000. */
        featureNames: z.array(z.string()).optional(),
        labels: fileRef.optional(),
        /** False for label-free data (quality is agreement with the original). */
        labeled: z.boolean().optional(),
      })
      .passthrough()
      .optional(),
    cells: z.array(cellRecord),
    gates: z.array(gateRecord),
    aggregates: z.array(aggregate).optional(),
    /** Forgotten exemplars per variant, with the shown items. */
    forgotten: forgottenRecord.optional(),
  })
  .passthrough();

export type CellRecord = z.infer<typeof cellRecord>;
export type GateRecord = z.infer<typeof gateRecord>;
export type RunRecord = z.infer<typeof runRecord>;
export type SeedAggregate = z.infer<typeof aggregate>;
