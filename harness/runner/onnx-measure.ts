import { join } from 'node:path';
import { rowSize } from '../data/types.js';
import { evaluatePredictions, type Evaluation, type PredictionSet } from '../measure/evaluate.js';
import { argmaxRows } from '../measure/quality.js';
import type { SpeedFigures } from '../measure/speed.js';
import { ONNX_FILE } from '../models/kind.js';
import { runtimes } from '../runtimes/index.js';
import { DEFAULT_RUNTIMES } from '../runtimes/names.js';
import { parityOf } from '../runtimes/parity.js';
import { predictRows } from '../runtimes/predict-split.js';
import type { LoadedModel, Runtime, RuntimeOptions } from '../runtimes/types.js';
import type { Cell } from '../suite/plan.js';
import { evalSettings } from './cell-settings.js';
import type { RuntimeCellRecord } from './runtime-cells.js';
import { timeOnTestSplit } from './time-test-split.js';
import type { SeedContext } from './types.js';

/** What measuring one cell of an ONNX original on onnxruntime gives. */
export interface OnnxMeasured {
  evaluation: Evaluation;
  /** The first output as class probabilities (a softmax applied when it holds logits). */
  probs: Float32Array;
  outputs: 'probabilities' | 'logits';
  speed: SpeedFigures;
  runtimes: Record<string, RuntimeCellRecord>;
  evalMs: number;
  speedMs: number;
}

/**
 * Rows of a model's first output as probabilities: kept when every row is a distribution (no
 * negative value, sums within 1e-3 of 1), else a softmax of each row (the graph ends in logits,
 * as PyTorch classifiers are usually exported).
 */
export function asProbabilities(out: Float32Array, classes: number): { probs: Float32Array; outputs: 'probabilities' | 'logits' } {
  let distribution = true;
  for (let r = 0; r < out.length / classes && distribution; r++) {
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const v = out[r * classes + c];
      if (!(v >= 0)) distribution = false;
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-3) distribution = false;
  }
  if (distribution) return { probs: out, outputs: 'probabilities' };
  const probs = new Float32Array(out.length);
  for (let r = 0; r < out.length / classes; r++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, out[r * classes + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += probs[r * classes + c] = Math.exp(out[r * classes + c] - max);
    for (let c = 0; c < classes; c++) probs[r * classes + c] /= sum;
  }
  return { probs, outputs: 'logits' };
}

/** The original's test-split outputs, predicted once per seed (every cell pairs with them). */
const originalOutputs = new WeakMap<SeedContext, ReturnType<typeof asProbabilities>>();

/**
 * Measures the `.onnx` at `candidatePath` against the original's (`originalDir/model.onnx`) on
 * onnxruntime-node: both predict the test split (quality, paired figures against the original's
 * outputs), then are timed interleaved with the shared protocol. The original is measured
 * against itself. Other ONNX runtimes the suite lists time the pair too and record parity with
 * onnxruntime-node; tfjs runtimes are skipped (there is no tfjs model).
 */
export async function measureOnnx(ctx: SeedContext, cell: Cell, candidatePath: string): Promise<OnnxMeasured> {
  const { dataset, suite } = ctx;
  const test = dataset.test;
  const width = rowSize(dataset);
  const classes = dataset.classNames.length;
  const isReference = cell.reference;
  const opts: RuntimeOptions = { threads: suite.spec.measure.threads ?? 1, inputShape: dataset.inputShape };
  const rt = runtimes.onnxruntime;
  const referencePath = join(ctx.originalDir, ONNX_FILE);
  const reference = await rt.load({ format: 'onnx', path: referencePath }, opts);
  try {
    const candidate = isReference ? reference : await rt.load({ format: 'onnx', path: candidatePath }, opts);
    try {
      const t1 = performance.now();
      let ref = originalOutputs.get(ctx);
      if (!ref) {
        ref = asProbabilities(await predictRows(reference, test.x, test.n, width), classes);
        originalOutputs.set(ctx, ref);
      }
      const own = isReference ? ref : asProbabilities(await predictRows(candidate, test.x, test.n, width), classes);
      const mine: PredictionSet = { predicted: argmaxRows(own.probs, classes), probs: own.probs };
      const settings = evalSettings(ctx, cell.seed);
      const against = isReference ? (settings.labelFree ? mine : undefined) : { predicted: ctx.originalPredictions, probs: ref.probs };
      const evaluation = evaluatePredictions(test.y, mine, classes, settings, against);
      const evalMs = performance.now() - t1;
      const t2 = performance.now();
      const speed = await timeOnTestSplit(ctx, rt, reference, candidate, cell.seed);
      const records: Record<string, RuntimeCellRecord> = {
        onnxruntime: { status: 'ok', artifact: ONNX_FILE, loadMs: { reference: reference.loadMs, candidate: candidate.loadMs }, speed },
      };
      for (const name of suite.spec.measure.runtimes ?? DEFAULT_RUNTIMES) {
        if (name === 'onnxruntime') continue;
        records[name] = await otherRuntime(name, ctx, cell, referencePath, candidatePath, own.probs, opts);
      }
      return { evaluation, probs: own.probs, outputs: own.outputs, speed, runtimes: records, evalMs, speedMs: performance.now() - t2 };
    } finally {
      if (candidate !== reference) await candidate.dispose();
    }
  } finally {
    await reference.dispose();
  }
}

async function otherRuntime(
  name: string,
  ctx: SeedContext,
  cell: Cell,
  referencePath: string,
  candidatePath: string,
  probs: Float32Array,
  opts: RuntimeOptions,
): Promise<RuntimeCellRecord> {
  const runtime: Runtime | undefined = Object.hasOwn(runtimes, name) ? (runtimes as Record<string, Runtime>)[name] : undefined;
  if (!runtime || !runtime.formats.includes('onnx'))
    return { status: 'skipped', reason: `the original is an ONNX file; ${name} runs tfjs artifacts (onnxruntime measured this cell)` };
  const availability = await runtime.availability();
  if (!availability.available) return { status: 'skipped', reason: availability.hint };
  const test = ctx.dataset.test;
  const width = rowSize(ctx.dataset);
  const classes = ctx.dataset.classNames.length;
  const reference: LoadedModel = await runtime.load({ format: 'onnx', path: referencePath }, opts);
  try {
    const candidate = cell.reference ? reference : await runtime.load({ format: 'onnx', path: candidatePath }, opts);
    try {
      const own = asProbabilities(await predictRows(candidate, test.x, test.n, width), classes).probs;
      const parity = parityOf(probs, own, classes);
      const speed = await timeOnTestSplit(ctx, runtime, reference, candidate, cell.seed);
      return { status: 'ok', artifact: ONNX_FILE, loadMs: { reference: reference.loadMs, candidate: candidate.loadMs }, parity, speed };
    } finally {
      if (candidate !== reference) await candidate.dispose();
    }
  } finally {
    await reference.dispose();
  }
}
