import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { saveModel } from '../engine/artifact-write.js';
import { loadModel } from '../engine/artifact-read.js';
import { selectFeatures } from '../data/select.js';
import { evaluate, type Evaluation } from '../measure/evaluate.js';
import { measureSize } from '../measure/size.js';
import { measureSpeed } from '../measure/speed.js';
import { getMethod } from '../methods/index.js';
import type { CellRecord } from '../results/record.js';
import type { Cell } from '../suite/plan.js';
import type { SeedContext } from './types.js';

/** A filesystem-safe folder name for a cell id. */
export function cellSlug(id: string): string {
  return id.replace(/[^A-Za-z0-9._=-]+/g, '_');
}

/** The record fields that come from an evaluation. */
export function qualityFields(ev: Evaluation): Pick<CellRecord, 'quality' | 'confusion' | 'retention' | 'fidelity' | 'mcnemarP'> & { flips?: object } {
  return {
    quality: ev.quality,
    confusion: ev.confusion,
    ...(ev.retention ? { retention: ev.retention } : {}),
    ...(ev.paired
      ? {
          fidelity: ev.paired.fidelity,
          mcnemarP: ev.paired.mcnemarP,
          flips: { rightToWrong: ev.paired.rightToWrong, wrongToRight: ev.paired.wrongToRight },
        }
      : {}),
  };
}

/**
 * Runs one variant cell: a fresh copy of the original, the method applied, the result written as
 * an artifact, loaded back, and *that* model evaluated, sized and timed against the original.
 */
export async function runVariantCell(ctx: SeedContext, cell: Cell, original: tf.LayersModel): Promise<CellRecord> {
  const { dataset, suite } = ctx;
  const spec = suite.spec;
  const method = getMethod(cell.method);
  const model = await loadModel(ctx.originalDir);
  const t0 = performance.now();
  let result;
  try {
    result = await method.apply(model, cell.settings, { dataset, seed: cell.seed, train: spec.model.train, log: () => {} });
  } catch (err) {
    model.dispose();
    throw err;
  }
  const compressMs = performance.now() - t0;
  const dir = join(ctx.artifactRoot, cellSlug(cell.id));
  const artifact = await saveModel(result.model, dir, result.encoding);
  if (result.model !== model) result.model.dispose();
  model.dispose();

  const shipped = await loadModel(dir);
  try {
    const view = result.inputFeatures ? selectFeatures(dataset, result.inputFeatures) : undefined;
    const t1 = performance.now();
    const ev = evaluate(shipped, (view ?? dataset).test, (view ?? dataset).inputShape, dataset.classNames.length, evalSettings(ctx, cell.seed), ctx.originalPredictions);
    const evalMs = performance.now() - t1;
    const speed = measureSpeed(original, shipped, dataset, spec.measure.speed, cell.seed, view?.project);
    return {
      ...baseFields(cell),
      status: 'ok',
      methodInfo: result.info,
      ...qualityFields(ev),
      size: measureSize(shipped, artifact, ctx.originalArtifactBytes),
      speed,
      timings: { compressMs, evalMs },
      artifact: dir,
    };
  } finally {
    shipped.dispose();
  }
}

/** The identifying fields of a cell's record. */
export function baseFields(cell: Cell): Pick<CellRecord, 'id' | 'variant' | 'method' | 'settings' | 'seed' | 'reference'> {
  return { id: cell.id, variant: cell.variant, method: cell.method, settings: cell.settings, seed: cell.seed, reference: cell.reference };
}

/** Bootstrap settings for a cell of this seed. */
export function evalSettings(ctx: SeedContext, seed: number) {
  return { ciLevel: ctx.suite.spec.measure.ciLevel, resamples: ctx.suite.spec.measure.resamples, seed };
}
