import type * as tf from '@tensorflow/tfjs';
import { selectFeatures } from '../data/select.js';
import type { Dataset } from '../data/types.js';
import {
  fineTune,
  hasMasks,
  MaskKeeper,
  type FineTuneContext,
  type FineTuneInfo,
  type MaskedResult,
  type WeightMasks,
} from './fine-tune.js';
import type { CompressionMethod, WeightEncoding } from './types.js';
import { pipelineSpec, type PipelineSettings } from './pipeline-settings.js';

export { pipelineSettings, type PipelineSettings } from './pipeline-settings.js';

/** The dataset restricted to the input columns a model reads. */
function projected(ds: Dataset, features: number[]): Dataset {
  const view = selectFeatures(ds, features);
  return { ...ds, inputShape: view.inputShape, train: view.train, test: view.test, featureNames: features.map((f) => ds.featureNames[f]) };
}

function weightNames(model: tf.LayersModel): Map<string, number> {
  return new Map(model.weights.map((w) => [w.originalName, w.shape.reduce((a: number, d) => a * (d ?? 1), 1)]));
}

/**
 * Builds the `pipeline` method: `steps` applied in order, with optional fine-tuning between
 * them. Pruning masks of a step are held (pruned weights re-zeroed after every gradient step)
 * through all later fine-tuning; encodings of later steps override earlier ones per weight;
 * input-feature selections compose. `lookup` resolves step method names (the registry).
 */
export function makePipeline(lookup: (name: string) => CompressionMethod): CompressionMethod<PipelineSettings> {
  return {
    ...pipelineSpec(lookup),
    async apply(model, s, context): Promise<MaskedResult> {
      const outer = context as FineTuneContext;
      let current = model;
      let keeper: MaskKeeper | undefined;
      const masks: WeightMasks = new Map();
      let encoding: Record<string, WeightEncoding> = {};
      let features: number[] | undefined;
      const steps: { method: string; settings: unknown; info: Record<string, unknown>; fineTune?: FineTuneInfo }[] = [];
      const hold = (m: tf.LayersModel): void => {
        outer.holdConstraints?.(m);
        keeper?.apply(m);
      };
      try {
        for (const [i, step] of s.steps.entries()) {
          const method = lookup(step.method);
          const settings = method.settings.parse(step.settings ?? {});
          const label = `step ${i + 1} (${step.method})`;
          const ctx: FineTuneContext = {
            ...outer,
            dataset: features ? projected(outer.dataset, features) : outer.dataset,
            holdConstraints: hold,
            log: (m) => outer.log(`${label}: ${m}`),
          };
          const r = await method.apply(current, settings, ctx);
          if (r.model !== current && current !== model) current.dispose();
          current = r.model;
          encoding = { ...encoding, ...r.encoding };
          if (r.inputFeatures) features = features ? r.inputFeatures.map((f) => features![f]) : r.inputFeatures;
          if (hasMasks(r)) {
            for (const [name, mask] of r.masks) masks.set(name, mask);
            keeper?.dispose();
            keeper = new MaskKeeper(masks);
          }
          hold(current);
          const between =
            i < s.steps.length - 1 ? await fineTune(current, ctx, s.fineTuneEpochs, s.fineTuneLearningRate, `after ${label}`) : undefined;
          steps.push({ method: step.method, settings, info: r.info, ...(between ? { fineTune: between } : {}) });
        }
      } catch (err) {
        if (current !== model) current.dispose();
        throw err;
      } finally {
        keeper?.dispose();
      }
      const present = weightNames(current);
      const heldMasks = [...masks].filter(([name, mask]) => present.get(name) === mask.length).map(([name]) => name);
      const droppedMasks = [...masks.keys()].filter((name) => !heldMasks.includes(name));
      const droppedEncodings = Object.keys(encoding).filter((name) => !present.has(name));
      for (const name of droppedEncodings) delete encoding[name];
      const info: Record<string, unknown> = {
        steps,
        heldMasks,
        ...(droppedMasks.length
          ? { droppedMasks, droppedMasksNote: 'a later step changed or removed these weights, so their masks no longer apply' }
          : {}),
        ...(droppedEncodings.length ? { droppedEncodings } : {}),
      };
      const kept: WeightMasks = new Map(heldMasks.map((name) => [name, masks.get(name)!]));
      return {
        model: current,
        info,
        masks: kept,
        ...(Object.keys(encoding).length ? { encoding } : {}),
        ...(features ? { inputFeatures: features } : {}),
      };
    },
  };
}
