import { join, resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Predictor } from '../engine/predictor.js';
import { detectModelKind } from '../models/kind.js';
import { runGraphOriginal } from './graph-cell.js';
import { runOnnxOriginal } from './onnx-cell.js';
import { loadModel } from '../engine/artifact-read.js';
import { saveModel } from '../engine/artifact-write.js';
import type { Dataset } from '../data/types.js';
import { InputError } from '../errors.js';
import { evaluate, evaluatePredictions, type EvalSettings, type Evaluation } from '../measure/evaluate.js';
import { argmaxRows } from '../measure/quality.js';
import { predictProbs } from '../models/train.js';
import { measureFlops } from '../measure/flops.js';
import { recordDirOfArtifactRoot, writePredictions } from '../results/predictions.js';
import { loadMeasured, measureSize } from '../measure/size.js';
import { measureSpeed } from '../measure/speed.js';
import { getArch } from '../models/index.js';
import { trainModel } from '../models/train.js';
import type { CellRecord } from '../results/record.js';
import type { LoadedSuite } from '../suite/load.js';
import type { Cell } from '../suite/plan.js';
import { baseFields, cellSlug, evalSettings, qualityFields, speedStats } from './cell.js';
import { measureRuntimes } from './runtime-cells.js';
import { withRuntimes } from './runtime-record.js';
import type { SeedContext } from './types.js';

/**
 * Trains (or loads) the original model of one seed, writes it as an artifact, loads that back and
 * measures it exactly as variants are measured (timed against itself, so its speedup checks the
 * protocol: it should be 1 within its CI). Returns its record, the shared seed context and the
 * loaded original (used as the timing reference; the caller disposes it; none for an ONNX file).
 */
export async function runOriginal(
  suite: LoadedSuite,
  dataset: Dataset,
  cell: Cell,
  artifactRoot: string,
  log: (m: string) => void,
): Promise<{ record: CellRecord; ctx: SeedContext; model?: Predictor }> {
  const spec = suite.spec;
  const kind = spec.model.path !== undefined ? detectModelKind(resolve(suite.dir, spec.model.path)) : 'layers';
  if (kind === 'graph') return runGraphOriginal(suite, dataset, cell, artifactRoot);
  // An ONNX original runs on onnxruntime only; its variants open their own sessions.
  if (kind === 'onnx') return runOnnxOriginal(suite, dataset, cell, artifactRoot);
  let trainMs = 0;
  let fresh: tf.LayersModel;
  if (spec.model.path !== undefined) {
    fresh = await loadModel(resolve(suite.dir, spec.model.path));
    try {
      checkFitsDataset(fresh, dataset, resolve(suite.dir, spec.model.path));
    } catch (err) {
      fresh.dispose();
      throw err;
    }
  } else {
    fresh = getArch(spec.model.arch!).build(dataset, suite.archSettings, cell.seed);
    const epochs = spec.model.train.epochs;
    const result = await trainModel(fresh, dataset.train, dataset, spec.model.train, cell.seed, {
      onEpoch: (e, loss) => {
        if ((e + 1) % Math.max(1, Math.round(epochs / 5)) === 0 || e + 1 === epochs)
          log(`  ${cell.id}: epoch ${e + 1}/${epochs}, loss ${loss.toFixed(4)}`);
      },
    });
    trainMs = result.trainMs;
  }
  const dir = join(artifactRoot, cellSlug(cell.id));
  const artifact = await saveModel(fresh, dir);
  fresh.dispose();
  const { model, memoryBytes } = await loadMeasured(dir);
  const classes = dataset.classNames.length;
  const t1 = performance.now();
  const settings = evalSettings({ suite, dataset }, cell.seed);
  // Label-free, the original is measured against itself (agreement 1, divergence 0), as every cell is.
  const ev = settings.labelFree
    ? evaluateSelf(model, dataset, classes, settings)
    : evaluate(model, dataset.test, dataset.inputShape, classes, settings);
  const evalMs = performance.now() - t1;
  const t2 = performance.now();
  const speed = measureSpeed(model, model, dataset, spec.measure.speed, cell.seed, undefined, speedStats({ suite }));
  const speedMs = performance.now() - t2;
  const record0: CellRecord = {
    ...baseFields(cell),
    status: 'ok',
    methodInfo: spec.model.path !== undefined ? { loadedFrom: spec.model.path } : { arch: spec.model.arch, settings: suite.archSettings },
    ...qualityFields(ev),
    predictions: writePredictions(recordDirOfArtifactRoot(artifactRoot), classes, ev.predictions, ev.probs),
    size: measureSize(model, artifact, { memoryBytes }),
    flops: measureFlops(model),
    speed,
    timings: { trainMs, evalMs, speedMs },
    artifact: dir,
  };
  const ctx: SeedContext = {
    suite,
    dataset,
    seed: cell.seed,
    originalDir: dir,
    originalArtifactBytes: artifact.totalBytes,
    originalPredictions: ev.predictions,
    artifactRoot,
  };
  const t3 = performance.now();
  const onRuntimes = await measureRuntimes(
    { ctx, seed: cell.seed, dir, model, probs: ev.probs!, tfjsSpeed: speed, reference: true },
    model,
  );
  if (onRuntimes.runtimes) record0.timings = { ...record0.timings, runtimesMs: performance.now() - t3 };
  const record = withRuntimes(record0, onRuntimes, ctx, dir);
  return { record, ctx, model };
}

function evaluateSelf(model: tf.LayersModel, dataset: Dataset, classes: number, settings: EvalSettings): Evaluation {
  const probs = predictProbs(model, dataset.test, dataset.inputShape);
  const own = { predicted: argmaxRows(probs, classes), probs };
  return evaluatePredictions(dataset.test.y, own, classes, settings, own);
}

/** A loaded model must take one input of the dataset's feature shape and give one score per class. */
function checkFitsDataset(model: tf.LayersModel, dataset: Dataset, path: string): void {
  const fix = 'load a model trained on this dataset, or point the suite at the matching dataset';
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new InputError(
      `${path}: the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; slimbench measures models with one input and one output — ${fix}`,
      'model-input-shape',
    );
  }
  const input = model.inputs[0].shape.slice(1);
  const fits = input.length === dataset.inputShape.length && input.every((d, i) => d === null || d === dataset.inputShape[i]);
  if (!fits) {
    throw new InputError(
      `${path}: the model takes inputs of shape [${input.join(', ')}] but ${dataset.name} has rows of shape [${dataset.inputShape.join(', ')}] — ${fix}`,
      'model-input-shape',
    );
  }
  const output = model.outputs[0].shape;
  const classes = dataset.classNames.length;
  if (output.length !== 2 || output[1] !== classes) {
    throw new InputError(
      `${path}: the model outputs shape [${output.slice(1).join(', ')}] but ${dataset.name} has ${classes} classes; the last layer needs ${classes} units — ${fix}`,
      'model-output-size',
    );
  }
}
