import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Predictor } from '../engine/predictor.js';
import { saveModel } from '../engine/artifact-write.js';
import { loadModel } from '../engine/artifact-read.js';
import { selectFeatures } from '../data/select.js';
import { evaluate, type PredictionSet } from '../measure/evaluate.js';
import { measureFlops } from '../measure/flops.js';
import { recordDirOfArtifactRoot, writePredictions } from '../results/predictions.js';
import { artifactBytesOfDir, loadMeasured, measureSize } from '../measure/size.js';
import { measureSpeed } from '../measure/speed.js';
import { getMethod } from '../methods/index.js';
import { predictProbs } from '../models/train.js';
import type { CellRecord, ControlComparison } from '../results/record.js';
import { pairedDifference } from '../measure/paired-diff.js';
import type { Cell } from '../suite/plan.js';
import { evalSettings, speedStats } from './cell-settings.js';
import { qualityFields } from './quality-fields.js';
import { measureRuntimes } from './runtime-cells.js';
import { withRuntimes } from './runtime-record.js';
import type { SeedContext } from './types.js';

export { evalSettings, qualityFields, speedStats };

/** A filesystem-safe folder name for a cell id. */
export function cellSlug(id: string): string {
  return id.replace(/[^A-Za-z0-9._=-]+/g, '_');
}

/**
 * Runs one variant cell: a fresh copy of the original, the method applied, the result written as
 * an artifact, loaded back, and *that* model evaluated, sized, costed and timed against the
 * original. Its test predictions are stored beside the run record.
 */
export async function runVariantCell(ctx: SeedContext, cell: Cell, original: Predictor): Promise<CellRecord> {
  const { dataset, suite } = ctx;
  const spec = suite.spec;
  const method = getMethod(cell.method);
  const model = await loadModel(ctx.originalDir);
  const t0 = performance.now();
  let result;
  try {
    result = await method.apply(model, cell.settings, {
      dataset,
      seed: cell.seed,
      train: spec.model.train,
      arch: spec.model.arch,
      archSettings: spec.model.arch !== undefined ? suite.archSettings : undefined,
      ...(cell.layers ? { layers: cell.layers } : {}),
      log: () => {},
    });
  } catch (err) {
    model.dispose();
    throw err;
  }
  const compressMs = performance.now() - t0;
  const dir = join(ctx.artifactRoot, cellSlug(cell.id));
  const artifact = await saveModel(result.model, dir, result.encoding);
  if (result.model !== model) result.model.dispose();
  model.dispose();

  const { model: shipped, memoryBytes } = await loadMeasured(dir);
  try {
    const view = result.inputFeatures ? selectFeatures(dataset, result.inputFeatures) : undefined;
    const settings = evalSettings(ctx, cell.seed);
    const reference = referencePredictions(ctx, original);
    const t1 = performance.now();
    const ev = evaluate(shipped, (view ?? dataset).test, (view ?? dataset).inputShape, dataset.classNames.length, settings, reference);
    const evalMs = performance.now() - t1;
    const t2 = performance.now();
    const speed = measureSpeed(original, shipped, dataset, spec.measure.speed, cell.seed, view?.project, speedStats(ctx));
    const speedMs = performance.now() - t2;
    const t3 = performance.now();
    const onRuntimes = await measureRuntimes(
      {
        ctx,
        seed: cell.seed,
        dir,
        model: shipped,
        probs: ev.probs!,
        tfjsSpeed: speed,
        reference: false,
        integer: result.onnx,
        ...(reference.probs ? { referenceProbs: reference.probs } : {}),
        selectsFeatures: result.inputFeatures !== undefined,
      },
      // Variants of layers originals only come here (graph originals have runGraphVariant).
      original as tf.LayersModel,
    );
    const runtimesMs = performance.now() - t3;
    return withRuntimes(
      {
        ...baseFields(cell),
        status: 'ok',
        methodInfo: result.info,
        ...qualityFields(ev),
        ...(result.controlPredictions ? { vsControl: ownControl(ctx, cell, ev.predictions, result.controlPredictions) } : {}),
        predictions: writePredictions(recordDirOfArtifactRoot(ctx.artifactRoot), dataset.classNames.length, ev.predictions, ev.probs),
        size: measureSize(shipped, artifact, { original: artifactBytesOfDir(ctx.originalDir), memoryBytes }),
        flops: measureFlops(shipped),
        speed,
        timings: { compressMs, evalMs, speedMs, ...(onRuntimes.runtimes ? { runtimesMs } : {}) },
        artifact: dir,
      },
      onRuntimes,
      ctx,
      dir,
    );
  } finally {
    shipped.dispose();
  }
}

/** A variant against the control its method trained itself (distillation's hard-label student), paired on the test rows. */
export function ownControl(ctx: SeedContext, cell: Cell, predicted: Int32Array, control: Int32Array): ControlComparison {
  const m = ctx.suite.spec.measure;
  const d = pairedDifference(ctx.dataset.test.y, ctx.dataset.classNames.length, predicted, control, {
    resamples: m.resamples,
    level: m.ciLevel,
    seed: cell.seed,
  });
  return { control: 'methodInfo.control', kind: 'hard-labels', mcnemarP: d.mcnemarP, flips: d.flips, ...d.metrics };
}

/** The identifying fields of a cell's record. */
export function baseFields(
  cell: Cell,
): Pick<CellRecord, 'id' | 'variant' | 'method' | 'settings' | 'seed' | 'reference' | 'role' | 'controls'> {
  return {
    id: cell.id,
    variant: cell.variant,
    method: cell.method,
    settings: cell.settings,
    seed: cell.seed,
    reference: cell.reference,
    ...(cell.role ? { role: cell.role } : {}),
    ...(cell.controls ? { controls: cell.controls } : {}),
  };
}

const originalProbs = new WeakMap<Predictor, Float32Array>();

/**
 * The original's test predictions and probabilities for paired figures (KL, total variation,
 * top-k retention, label-free agreement); the probabilities are computed once per loaded original.
 */
export function referencePredictions(ctx: SeedContext, original: Predictor): PredictionSet {
  let probs = originalProbs.get(original);
  if (!probs) {
    probs = predictProbs(original, ctx.dataset.test, ctx.dataset.inputShape);
    originalProbs.set(original, probs);
  }
  return { predicted: ctx.originalPredictions, probs };
}
