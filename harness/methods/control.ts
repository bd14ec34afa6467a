import { Rng } from '../data/random.js';
import { reinitialize } from '../models/reinit.js';
import { trainModel } from '../models/train.js';
import type { CompressionMethod } from './types.js';
import { fineTuneSpec, fromScratchSpec, type FineTuneSettings, type FromScratchSettings } from './control-settings.js';

/**
 * `fine-tune`: trains the original further, phase by phase, with its batch size and nothing
 * compressed. As the compute-matched control of a variant that fine-tunes, it answers how much of
 * that variant's change is the extra training rather than the compression.
 */
export const fineTuneControl: CompressionMethod<FineTuneSettings> = {
  ...fineTuneSpec,
  async apply(model, s, ctx) {
    const phases: { epochs: number; learningRate: number; trainMs: number; loss: number }[] = [];
    for (const [i, p] of s.phases.entries()) {
      const r = await trainModel(
        model,
        ctx.dataset.train,
        ctx.dataset,
        { epochs: p.epochs, batchSize: ctx.train.batchSize, learningRate: p.learningRate },
        Rng.derive(ctx.seed, `fine-tune-control:${i}`),
        {
          onEpoch: (e, loss) => ctx.log(`fine-tune phase ${i + 1}: epoch ${e + 1}/${p.epochs}, loss ${loss.toFixed(4)}`),
        },
      );
      phases.push({ ...p, ...r });
    }
    return { model, info: { phases, epochs: s.phases.reduce((a, p) => a + p.epochs, 0), batchSize: ctx.train.batchSize } };
  },
};

/**
 * Builds `from-scratch`: the architecture `structure` produces from the original (its own
 * fine-tuning switched off), with every weight re-drawn from a seeded initializer and trained from
 * scratch for `epochs` with the original's training settings. `lookup` resolves the method.
 */
export function makeFromScratch(lookup: (name: string) => CompressionMethod): CompressionMethod<FromScratchSettings> {
  return {
    ...fromScratchSpec(lookup),
    async apply(model, s, ctx) {
      const method = lookup(s.structure.method);
      const parsed = method.settings.parse(s.structure.settings) as Record<string, unknown>;
      const settings = Object.hasOwn(parsed, 'fineTuneEpochs') ? { ...parsed, fineTuneEpochs: 0 } : parsed;
      const shaped = await method.apply(model, settings, ctx);
      if (shaped.inputFeatures)
        throw new Error(
          `from-scratch: '${s.structure.method}' selects input features; a from-scratch control needs a method that keeps the model's inputs`,
        );
      const small = shaped.model;
      reinitialize(small, Rng.derive(ctx.seed, 'from-scratch'));
      const epochs = s.epochs ?? ctx.train.epochs;
      const r = await trainModel(small, ctx.dataset.train, ctx.dataset, { ...ctx.train, epochs }, ctx.seed, {
        onEpoch: (e, loss) => ctx.log(`from-scratch epoch ${e + 1}/${epochs}, loss ${loss.toFixed(4)}`),
      });
      return {
        model: small,
        info: {
          structure: s.structure.method,
          structureInfo: shaped.info,
          params: small.countParams(),
          epochs,
          trainMs: r.trainMs,
          loss: r.loss,
        },
      };
    },
  };
}
