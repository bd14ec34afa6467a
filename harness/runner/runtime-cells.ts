import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { rowSize } from '../data/types.js';
import { isInputError } from '../errors.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { downloadSizes } from '../measure/download-size.js';
import { evaluatePredictions, type Evaluation } from '../measure/evaluate.js';
import type { FileRef } from '../results/file-ref.js';
import { recordDirOfArtifactRoot, writePredictions } from '../results/predictions.js';
import { argmaxRows } from '../measure/quality.js';
import type { SpeedFigures } from '../measure/speed.js';
import type { IntegerOnnx } from '../methods/types.js';
import { firstDivergentLayer } from '../runtimes/divergence.js';
import { runtimes } from '../runtimes/index.js';
import { DEFAULT_RUNTIMES } from '../runtimes/names.js';
import { exportOnnx } from '../runtimes/onnx-export.js';
import { fp32ParityHolds, parityOf, FP32_PARITY, type ParityFigures } from '../runtimes/parity.js';
import { predictRows } from '../runtimes/predict-split.js';
import type { ArtifactFormat, Runtime, RuntimeOptions } from '../runtimes/types.js';
import { evalSettings } from './cell-settings.js';
import { timeOnTestSplit } from './time-test-split.js';
import type { SeedContext } from './types.js';

/** What one runtime measured of one cell (`runtimes.<name>` of the record). */
export interface RuntimeCellRecord {
  status: 'ok' | 'failed' | 'skipped';
  /** Why it was skipped: how to get the runtime, or why it cannot run this cell. */
  reason?: string;
  error?: string;
  /** The ONNX file it ran, relative to the cell's artifact folder. */
  artifact?: string;
  /** Fetch + compile + first inference of the original's and this cell's model, ms. */
  loadMs?: { reference: number; candidate: number };
  speed?: SpeedFigures;
  /** Its outputs on the test split against tfjs's outputs of the cell's float model. */
  parity?: ParityFigures;
  /** Quality of what it ran, where its numerics differ from tfjs's (integer formats). */
  quality?: Evaluation['quality'];
  predictions?: FileRef;
}

/** What the runtimes add to a cell. */
export interface RuntimeCellFigures {
  runtimes?: Record<string, RuntimeCellRecord>;
  onnx?: { file: string; bytes: number; gzipBytes: number; brotliBytes: number };
  /** Evaluation on onnxruntime of an integer variant: the cell's own quality. */
  integer?: { evaluation: Evaluation; speed?: SpeedFigures; predictions: FileRef };
  /** A failed fp32 parity check, which fails the cell. */
  failure?: string;
}

/** What a cell hands to {@link measureRuntimes}. */
export interface RuntimeCellInput {
  ctx: SeedContext;
  seed: number;
  /** The cell's artifact folder (its .onnx files go there). */
  dir: string;
  /** The cell's float tfjs model and its test probabilities. */
  model: tf.LayersModel;
  probs: Float32Array;
  tfjsSpeed: SpeedFigures;
  reference: boolean;
  integer?: IntegerOnnx;
  /** The original's test probabilities on tfjs: an integer variant's KL and total variation are taken against them. */
  referenceProbs?: Float32Array;
  /** The model reads a subset of the input columns (feature selection). */
  selectsFeatures?: boolean;
}

/** The original's fp32 ONNX export beside its tfjs artifact, written on first need. */
export function originalOnnx(ctx: SeedContext, original: tf.LayersModel): string {
  const path = join(ctx.originalDir, 'model.onnx');
  if (!existsSync(path)) writeFileAtomic(path, exportOnnx(original));
  return path;
}

const ciRequires = (name: string): boolean =>
  process.env.CI !== undefined &&
  process.env.CI !== '' &&
  process.env.CI !== '0' &&
  process.env.CI !== 'false' &&
  name.startsWith('chromium');

/**
 * Runs the cell on every runtime of the suite (`measure.runtimes`, plus onnxruntime for integer
 * variants): each ONNX runtime loads the original's and the cell's export, predicts the test
 * split (parity with tfjs; quality for integer models) and times the pair interleaved. With only
 * tfjs listed and a float cell it adds nothing, so older suites' records stay as they were.
 */
export async function measureRuntimes(input: RuntimeCellInput, original: tf.LayersModel): Promise<RuntimeCellFigures> {
  const { ctx } = input;
  const spec = ctx.suite.spec;
  const listed: string[] = [...(spec.measure.runtimes ?? DEFAULT_RUNTIMES)];
  if (input.integer && !listed.includes('onnxruntime')) listed.push('onnxruntime');
  if (listed.length === 1 && listed[0] === 'tfjs') return {};
  const out: RuntimeCellFigures = { runtimes: {} };
  const file = input.integer ? 'model.int8.onnx' : 'model.onnx';
  let candidatePath: string | undefined;
  let referencePath: string | undefined;
  let exportError: string | undefined;
  try {
    referencePath = originalOnnx(ctx, original);
    candidatePath = input.reference ? referencePath : join(input.dir, file);
    const bytes = input.integer ? input.integer.bytes : exportOnnx(input.model);
    if (!input.reference) writeFileAtomic(candidatePath, bytes);
    out.onnx = { file, ...downloadSizes(bytes) };
  } catch (err) {
    if (!isInputError(err)) throw err;
    exportError = (err as Error).message;
  }
  const opts: RuntimeOptions = { threads: spec.measure.threads ?? 1, inputShape: ctx.dataset.inputShape };
  for (const name of listed) {
    const set = (r: RuntimeCellRecord) => (out.runtimes![name] = r);
    if (name === 'tfjs') {
      set(
        input.integer
          ? {
              status: 'skipped',
              reason: 'this variant ships an integer ONNX model; tfjs runs tfjs-layers artifacts (its float model is the parity reference)',
            }
          : { status: 'ok', speed: input.tfjsSpeed },
      );
      continue;
    }
    const runtime: Runtime | undefined = Object.hasOwn(runtimes, name) ? (runtimes as Record<string, Runtime>)[name] : undefined;
    const availability = runtime
      ? await runtime.availability()
      : {
          available: false as const,
          hint: `runtime '${name}' is not part of this build of slimbench; list the available ones with slimbench list runtimes`,
        };
    if (!availability.available) {
      set(
        ciRequires(name)
          ? { status: 'failed', error: `CI: runtime '${name}' is required but unavailable: ${availability.hint}` }
          : { status: 'skipped', reason: availability.hint },
      );
      if (ciRequires(name)) out.failure = `runtime '${name}' is unavailable under CI: ${availability.hint}`;
      continue;
    }
    if (exportError) {
      set({ status: 'failed', error: exportError });
      continue;
    }
    if (input.selectsFeatures) {
      set({
        status: 'skipped',
        reason: 'the variant reads a subset of the input columns; runtimes time both models on the same input rows',
      });
      continue;
    }
    if (!runtime!.formats.includes('onnx')) {
      // A runtime of tfjs artifacts (Chromium's tfjs) runs the cell's own model.json, not its export.
      if (input.integer) {
        set({ status: 'skipped', reason: `this variant ships an integer ONNX model; ${name} runs tfjs-layers artifacts` });
        continue;
      }
      const tfjsRef = join(ctx.originalDir, 'model.json');
      const tfjsCand = input.reference ? tfjsRef : join(input.dir, 'model.json');
      set(await runOne(name, runtime!, input, tfjsRef, tfjsCand, 'model.json', opts, out, 'tfjs-layers'));
      continue;
    }
    set(await runOne(name, runtime!, input, referencePath!, candidatePath!, file, opts, out));
  }
  return out;
}

async function runOne(
  name: string,
  runtime: Runtime,
  input: RuntimeCellInput,
  referencePath: string,
  candidatePath: string,
  file: string,
  opts: RuntimeOptions,
  out: RuntimeCellFigures,
  format: ArtifactFormat = 'onnx',
): Promise<RuntimeCellRecord> {
  const { ctx } = input;
  const test = ctx.dataset.test;
  const width = rowSize(ctx.dataset);
  const classes = ctx.dataset.classNames.length;
  const reference = await runtime.load({ format, path: referencePath }, opts);
  try {
    const candidate = input.reference ? reference : await runtime.load({ format, path: candidatePath }, opts);
    try {
      const probs = await predictRows(candidate, test.x, test.n, width);
      const parity = parityOf(input.probs, probs, classes);
      const record: RuntimeCellRecord = {
        status: 'ok',
        artifact: file,
        loadMs: { reference: reference.loadMs, candidate: candidate.loadMs },
        parity,
      };
      const predicted = argmaxRows(probs, classes);
      record.predictions = writePredictions(recordDirOfArtifactRoot(ctx.artifactRoot), classes, predicted, probs);
      if (!input.integer && !fp32ParityHolds(parity)) {
        const where = await firstDivergentLayer(input.model, test.x, Math.min(64, test.n), runtime, opts);
        const layer = where
          ? `; first divergent layer '${where.layer}' (${where.className}), max |Δ| ${where.maxAbsDiff.toExponential(2)}`
          : '; every layer agrees on the first 64 rows';
        record.status = 'failed';
        record.error = `${name}: fp32 export differs from tfjs: ${((1 - parity.agreement) * 100).toFixed(2)}% of rows disagree, max |Δp| ${parity.maxAbsDiff.toExponential(2)} (limits ${FP32_PARITY.maxDisagreement * 100}%, ${FP32_PARITY.maxAbsDiff})${layer}`;
        out.failure ??= record.error;
      }
      if (input.integer) {
        const evaluation = evaluatePredictions(test.y, { predicted, probs }, classes, evalSettings(ctx, input.seed), {
          predicted: ctx.originalPredictions,
          ...(input.referenceProbs ? { probs: input.referenceProbs } : {}),
        });
        record.quality = evaluation.quality;
        if (name === 'onnxruntime') out.integer = { evaluation, predictions: record.predictions };
      }
      record.speed = await timeOnTestSplit(ctx, runtime, reference, candidate, input.seed);
      if (input.integer && name === 'onnxruntime') out.integer!.speed = record.speed;
      return record;
    } finally {
      if (candidate !== reference) await candidate.dispose();
    }
  } finally {
    await reference.dispose();
  }
}
