import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { loadModel } from '../engine/artifact-read.js';
import { saveModel } from '../engine/artifact-write.js';
import type { Dataset } from '../data/types.js';
import { InputError } from '../errors.js';
import { evaluate } from '../measure/evaluate.js';
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
import type { SeedContext } from './types.js';

/** A loaded model must output one value per class of the suite's dataset (else it was made for other data). */
function checkOutputs(model: tf.LayersModel, path: string, dataset: Dataset): void {
  const units = model.outputs[0]?.shape.at(-1);
  const classes = dataset.classNames.length;
  if (units === classes) return;
  model.dispose();
  throw new InputError(
    `${path}: the model outputs ${units ?? 'no'} values per row but dataset '${dataset.name}' has ${classes} classes; set the suite's model.path to a model whose last layer has ${classes} units, or use the dataset it was trained on`,
    'model-output-size',
  );
}

/**
 * Trains (or loads) the original model of one seed, writes it as an artifact, loads that back and
 * measures it exactly as variants are measured (timed against itself, so its speedup checks the
 * protocol: it should be 1 within its CI). Returns its record, the shared seed context and the
 * loaded original (used as the timing reference; the caller disposes it).
 */
export async function runOriginal(
  suite: LoadedSuite,
  dataset: Dataset,
  cell: Cell,
  artifactRoot: string,
  log: (m: string) => void,
): Promise<{ record: CellRecord; ctx: SeedContext; model: tf.LayersModel }> {
  const spec = suite.spec;
  let trainMs = 0;
  let fresh: tf.LayersModel;
  if (spec.model.path !== undefined) {
    const path = join(suite.dir, spec.model.path);
    fresh = await loadModel(path);
    checkOutputs(fresh, path, dataset);
  } else {
    fresh = getArch(spec.model.arch!).build(dataset, suite.archSettings, cell.seed);
    const epochs = spec.model.train.epochs;
    const result = await trainModel(fresh, dataset.train, dataset, spec.model.train, cell.seed, {
      onEpoch: (e, loss) => {
        if ((e + 1) % Math.max(1, Math.round(epochs / 5)) === 0 || e + 1 === epochs) log(`  ${cell.id}: epoch ${e + 1}/${epochs}, loss ${loss.toFixed(4)}`);
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
  const ev = evaluate(model, dataset.test, dataset.inputShape, classes, evalSettings({ suite }, cell.seed));
  const evalMs = performance.now() - t1;
  const t2 = performance.now();
  const speed = measureSpeed(model, model, dataset, spec.measure.speed, cell.seed, undefined, speedStats({ suite }));
  const speedMs = performance.now() - t2;
  const record: CellRecord = {
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
  return { record, ctx, model };
}
