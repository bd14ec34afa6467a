import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type * as tf from '@tensorflow/tfjs';
import { rowSize } from '../data/types.js';
import { saveModel } from '../engine/artifact-write.js';
import type { Predictor } from '../engine/predictor.js';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { downloadSizes } from '../measure/download-size.js';
import { evaluate, type PredictionSet } from '../measure/evaluate.js';
import { measureFlops } from '../measure/flops.js';
import { artifactBytesOfDir, loadMeasured, measureSize } from '../measure/size.js';
import { measureSpeed, type SpeedFigures } from '../measure/speed.js';
import { distillSettings, distillStudent } from '../methods/distill.js';
import { registryStudent } from '../methods/student.js';
import { ONNX_FILE, type ModelKind } from '../models/kind.js';
import { predictProbs } from '../models/train.js';
import { recordDirOfArtifactRoot, writePredictions } from '../results/predictions.js';
import type { CellRecord } from '../results/record.js';
import { runtimes } from '../runtimes/index.js';
import { exportOnnx } from '../runtimes/onnx-export.js';
import { decodeOnnxFile, importOnnx } from '../runtimes/onnx-import.js';
import { onnxWeights } from '../runtimes/onnx-weights.js';
import { predictRows } from '../runtimes/predict-split.js';
import type { Cell } from '../suite/plan.js';
import { baseFields, cellSlug, ownControl } from './cell.js';
import { evalSettings, speedStats } from './cell-settings.js';
import { asProbabilities } from './onnx-measure.js';
import { qualityFields } from './quality-fields.js';
import { timeOnTestSplit } from './time-test-split.js';
import type { SeedContext } from './types.js';

/** A teacher known by its outputs: training and test probabilities, and its parameter count. */
interface TeacherOutputs {
  train: Float32Array;
  test: Float32Array;
  params: number;
}

async function onnxTeacher(ctx: SeedContext): Promise<TeacherOutputs> {
  const path = join(ctx.originalDir, ONNX_FILE);
  const { dataset: ds } = ctx;
  const classes = ds.classNames.length;
  const model = await runtimes.onnxruntime.load(
    { format: 'onnx', path },
    { threads: ctx.suite.spec.measure.threads ?? 1, inputShape: ds.inputShape },
  );
  try {
    const train = asProbabilities(await predictRows(model, ds.train.x, ds.train.n, rowSize(ds)), classes).probs;
    const test = asProbabilities(await predictRows(model, ds.test.x, ds.test.n, rowSize(ds)), classes).probs;
    const g = importOnnx(decodeOnnxFile(readFileSync(path), path), path, ds.inputShape);
    return { train, test, params: onnxWeights(g).reduce((a, w) => a + w.values.length, 0) };
  } finally {
    await model.dispose();
  }
}

function graphTeacher(ctx: SeedContext, original: Predictor): TeacherOutputs {
  const { dataset: ds } = ctx;
  const weights = Object.values((original as tf.GraphModel).weights).flat();
  const params = weights.filter((t) => t.dtype === 'float32').reduce((a, t) => a + t.size, 0);
  return { train: predictProbs(original, ds.train, ds.inputShape), test: predictProbs(original, ds.test, ds.inputShape), params };
}

/**
 * `distill` with a graph-model or ONNX teacher: the teacher's outputs on the training split, from
 * its own runtime, are the soft labels; the student is the settings' `arch` from the registry,
 * trained, written as a tfjs layers model, loaded back and measured against the teacher's test
 * outputs. Speed: a graph teacher and the student are timed interleaved on tfjs; an ONNX teacher
 * and the student's ONNX export on onnxruntime.
 */
export async function runDistillVariant(ctx: SeedContext, cell: Cell, kind: ModelKind, original?: Predictor): Promise<CellRecord> {
  const { dataset: ds, suite } = ctx;
  const s = distillSettings.parse(cell.settings);
  if (s.arch === undefined)
    throw new InputError(
      `variant '${cell.variant}': distill from ${kind === 'onnx' ? 'an ONNX file' : 'a tfjs graph model'} needs a student 'arch' (e.g. arch: mlp); the teacher has no layers to scale by 'width'`,
      'student-arch',
    );
  const teacher = kind === 'onnx' ? await onnxTeacher(ctx) : graphTeacher(ctx, original!);
  const student = registryStudent(s.arch, s.archSettings ?? {}, ds, `variant '${cell.variant}'`);
  const t0 = performance.now();
  const result = await distillStudent(teacher.train, teacher.params, student, s, {
    dataset: ds,
    seed: cell.seed,
    train: suite.spec.model.train,
    log: () => {},
  });
  const compressMs = performance.now() - t0;
  const dir = join(ctx.artifactRoot, cellSlug(cell.id));
  const artifact = await saveModel(result.model, dir);
  result.model.dispose();
  const { model: shipped, memoryBytes } = await loadMeasured(dir);
  try {
    const classes = ds.classNames.length;
    const reference: PredictionSet = { predicted: ctx.originalPredictions, probs: teacher.test };
    const t1 = performance.now();
    const ev = evaluate(shipped, ds.test, ds.inputShape, classes, evalSettings(ctx, cell.seed), reference);
    const evalMs = performance.now() - t1;
    const t2 = performance.now();
    const timed = kind === 'onnx' ? await onnxSpeed(ctx, cell, shipped, dir) : undefined;
    const speed = timed?.speed ?? measureSpeed(original!, shipped, ds, suite.spec.measure.speed, cell.seed, undefined, speedStats(ctx));
    const originalBytes = kind === 'onnx' ? onnxBytes(ctx) : artifactBytesOfDir(ctx.originalDir);
    return {
      ...baseFields(cell),
      status: 'ok',
      methodInfo: { ...result.info, teacher: kind },
      ...qualityFields(ev),
      ...(result.controlPredictions ? { vsControl: ownControl(ctx, cell, ev.predictions, result.controlPredictions) } : {}),
      predictions: writePredictions(recordDirOfArtifactRoot(ctx.artifactRoot), classes, ev.predictions, ev.probs),
      size: measureSize(shipped, artifact, { original: originalBytes, memoryBytes }),
      flops: measureFlops(shipped),
      speed,
      ...(timed ? { speedRuntime: 'onnxruntime', runtimes: timed.runtimes, onnxArtifact: join(dir, ONNX_FILE) } : {}),
      timings: { compressMs, evalMs, speedMs: performance.now() - t2 },
      artifact: dir,
    };
  } finally {
    shipped.dispose();
  }
}

function onnxBytes(ctx: SeedContext): { artifactBytes: number; gzipBytes: number } {
  const d = downloadSizes(readFileSync(join(ctx.originalDir, ONNX_FILE)));
  return { artifactBytes: d.bytes, gzipBytes: d.gzipBytes };
}

/** The student exported to ONNX and timed interleaved with the ONNX teacher on onnxruntime-node. */
async function onnxSpeed(
  ctx: SeedContext,
  cell: Cell,
  student: tf.LayersModel,
  dir: string,
): Promise<{ speed: SpeedFigures; runtimes: CellRecord['runtimes'] }> {
  const { dataset: ds, suite } = ctx;
  const path = join(dir, ONNX_FILE);
  writeFileAtomic(path, exportOnnx(student));
  const opts = { threads: suite.spec.measure.threads ?? 1, inputShape: ds.inputShape };
  const rt = runtimes.onnxruntime;
  const reference = await rt.load({ format: 'onnx', path: join(ctx.originalDir, ONNX_FILE) }, opts);
  try {
    const candidate = await rt.load({ format: 'onnx', path }, opts);
    try {
      const speed = await timeOnTestSplit(ctx, rt, reference, candidate, cell.seed);
      const loadMs = { reference: reference.loadMs, candidate: candidate.loadMs };
      return { speed, runtimes: { onnxruntime: { status: 'ok', artifact: ONNX_FILE, loadMs, speed } } as CellRecord['runtimes'] };
    } finally {
      await candidate.dispose();
    }
  } finally {
    await reference.dispose();
  }
}
