import type * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { Rng } from '../data/random.js';
import { selectFeatures } from '../data/select.js';
import { rowSize, type Dataset } from '../data/types.js';
import { trainModel } from '../models/train.js';
import { permutationImportance, subsetRows, topFeatures, weightNormImportance } from './feature-rank.js';
import { clonedStudent, registryStudent, type StudentSpec } from './student.js';
import type { CompressionMethod, MethodContext } from './types.js';
import { featureSelectSpec, type FeatureSelectSettings } from './feature-select-settings.js';

export { featureSelectSettings, type FeatureSelectSettings } from './feature-select-settings.js';

/** The seeded rows of the training split that permutation importance scores. */
function validationRows(ds: Dataset, fraction: number, seed: number): number[] {
  const rows = new Rng(Rng.derive(seed, 'feature-select-validation')).shuffle(Array.from({ length: ds.train.n }, (_, i) => i));
  return rows.slice(0, Math.max(1, Math.round(fraction * ds.train.n)));
}

/** The same architecture with `k` inputs: from the registry when the original came from it. */
function smallerModel(original: tf.LayersModel, k: number, ctx: MethodContext): StudentSpec {
  const shape = { ...ctx.dataset, inputShape: [k] };
  if (ctx.arch !== undefined) return registryStudent(ctx.arch, ctx.archSettings ?? {}, shape, 'feature-select');
  return clonedStudent(original, 1, 'feature-select', (plans) => {
    plans[0].config.batchInputShape = [null, k];
    return plans;
  });
}

/**
 * Feature selection: ranks the input features (`weight-norm` or `permutation`), keeps the top
 * `k` (or `fraction`), and trains the same architecture from scratch on those columns alone.
 * Returns `inputFeatures` (kept column indices, ascending) so that the runner feeds the model
 * only those columns when it evaluates and times it. Flat float inputs only.
 */
export const featureSelect: CompressionMethod<FeatureSelectSettings> = {
  ...featureSelectSpec,
  async apply(model, settings, ctx) {
    const ds = ctx.dataset;
    if (ds.inputKind !== 'float' || ds.inputShape.length !== 1) {
      throw new InputError(
        `feature-select: needs flat float input features; this dataset has ${ds.inputKind} input of shape [${ds.inputShape.join(', ')}] — use another method`,
        'feature-select-input',
      );
    }
    const d = rowSize(ds);
    const k = settings.k ?? Math.max(1, Math.round(settings.fraction! * d));
    if (k > d)
      throw new InputError(`feature-select: k = ${k} but the dataset has ${d} input features; use k in 1..${d}`, 'feature-select-k');
    let importance: Float64Array;
    let extra: Record<string, unknown> = {};
    if (settings.ranking === 'weight-norm') importance = weightNormImportance(model, d);
    else {
      const rows = validationRows(ds, settings.validationFraction, ctx.seed);
      const r = permutationImportance(model, subsetRows(ds.train, rows, d), ds.classNames.length, settings.repeats, ctx.seed);
      importance = r.importance;
      extra = { validationRows: rows.length, validationAccuracy: r.baseline };
    }
    const kept = topFeatures(importance, k);
    const view = selectFeatures(ds, kept);
    const spec = smallerModel(model, k, ctx);
    const small = spec.build(ctx.seed);
    const epochs = settings.epochs ?? ctx.train.epochs;
    const trained = await trainModel(small, view.train, view, { ...ctx.train, epochs }, ctx.seed, {
      onEpoch: (e, loss) => ctx.log(`feature-select retrain epoch ${e + 1}/${epochs}, loss ${loss.toFixed(4)}`),
    });
    const name = (i: number): string => ds.featureNames[i] ?? `#${i}`;
    return {
      model: small,
      inputFeatures: kept,
      info: {
        ranking: settings.ranking,
        k,
        of: d,
        kept,
        keptNames: kept.map(name),
        importances: Array.from(importance.keys())
          .sort((a, b) => importance[b] - importance[a] || a - b)
          .map((i) => ({ feature: i, name: name(i), importance: importance[i] })),
        ...extra,
        model: spec.describe,
        retrain: { epochs, trainMs: trained.trainMs, loss: trained.loss },
      },
    };
  },
};
