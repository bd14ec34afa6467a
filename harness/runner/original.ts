import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../engine/artifact-read.js';
import { saveModel } from '../engine/artifact-write.js';
import type { Dataset } from '../data/types.js';
import { evaluate } from '../measure/evaluate.js';
import { measureSize } from '../measure/size.js';
import { measureSpeed } from '../measure/speed.js';
import { getArch } from '../models/index.js';
import { trainModel } from '../models/train.js';
import type { CellRecord } from '../results/record.js';
import type { LoadedSuite } from '../suite/load.js';
import type { Cell } from '../suite/plan.js';
import { baseFields, cellSlug, qualityFields } from './cell.js';
import type { SeedContext } from './types.js';

/**
 * Trains (or loads) the original model of one seed, writes it as an artifact, loads that back and
 * measures it exactly as variants are measured. Returns its record, the shared seed context and
 * the loaded original (used as the timing reference; the caller disposes it).
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
    fresh = await loadModel(join(suite.dir, spec.model.path));
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
  const model = await loadModel(dir);
  const settings = { ciLevel: spec.measure.ciLevel, resamples: spec.measure.resamples, seed: cell.seed };
  const t1 = performance.now();
  const ev = evaluate(model, dataset.test, dataset.inputShape, dataset.classNames.length, settings);
  const evalMs = performance.now() - t1;
  const size = measureSize(model, artifact);
  const speed = measureSpeed(model, model, dataset, spec.measure.speed, cell.seed);
  const record: CellRecord = {
    ...baseFields(cell),
    status: 'ok',
    methodInfo: spec.model.path !== undefined ? { loadedFrom: spec.model.path } : { arch: spec.model.arch, settings: suite.archSettings },
    ...qualityFields(ev),
    size,
    speed,
    timings: { trainMs, evalMs },
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
