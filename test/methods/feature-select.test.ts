import type * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { selectFeatures } from '../../harness/data/select.js';
import { initBackend } from '../../harness/models/backend.js';
import { expectInputErrorCode } from '../helpers/errors.js';
import { topFeatures } from '../../harness/methods/feature-rank.js';
import { featureSelect, featureSelectSettings } from '../../harness/methods/feature-select.js';
import { archs } from '../../harness/models/index.js';
import { predictProbs, trainModel } from '../../harness/models/train.js';
import { accuracyOf, context, syntheticDataset } from './synthetic.js';

// The label depends on column 2 strongly and on column 5 weakly; the other six columns are noise.
const dataset = syntheticDataset({ n: 800, d: 8, classes: 2, seed: 4, label: (r) => (r[2] + 0.5 * r[5] > 0 ? 1 : 0) });
const archSettings = { hidden: [16] };

describe('methods/feature-select', () => {
  let original: tf.LayersModel;

  before(async () => {
    await initBackend('wasm');
    original = archs.mlp.build(dataset, archs.mlp.settings.parse(archSettings), 1);
    await trainModel(original, dataset.train, dataset, { epochs: 15, batchSize: 32, learningRate: 0.01 }, 1);
  });

  after(() => original.dispose());

  it('keeps the strongest feature by first-layer weight norm and reports its name', async () => {
    const { model, info, inputFeatures } = await featureSelect.apply(
      original,
      featureSelectSettings.parse({ k: 1 }),
      context(dataset, { arch: 'mlp', archSettings }),
    );
    expect(inputFeatures).to.deep.equal([2]);
    expect(info.keptNames).to.deep.equal(['f2']);
    model.dispose();
  });

  it('keeps the two informative features by permutation importance, ranked strongest first', async () => {
    const { model, info, inputFeatures } = await featureSelect.apply(
      original,
      featureSelectSettings.parse({ k: 2, ranking: 'permutation' }),
      context(dataset, { arch: 'mlp', archSettings }),
    );
    expect(inputFeatures).to.deep.equal([2, 5]);
    expect((info.importances as { name: string }[]).slice(0, 2).map((f) => f.name)).to.deep.equal(['f2', 'f5']);
    model.dispose();
  });

  it('retrains a model that reads only the kept columns and still predicts well', async () => {
    const { model, inputFeatures } = await featureSelect.apply(
      original,
      featureSelectSettings.parse({ fraction: 0.25 }),
      context(dataset, { arch: 'mlp', archSettings }),
    );
    expect(model.inputs[0].shape).to.deep.equal([null, 2]);
    const view = selectFeatures(dataset, inputFeatures!);
    expect(accuracyOf(predictProbs(model, view.test, view.inputShape), dataset.test.y, 2)).to.be.above(0.9);
    model.dispose();
  });

  it("clones the original's layers with the smaller input when its architecture is not known", async () => {
    const { model, info } = await featureSelect.apply(original, featureSelectSettings.parse({ k: 3, epochs: 1 }), context(dataset));
    expect(model.inputs[0].shape).to.deep.equal([null, 3]);
    expect(model.layers.map((l) => l.getConfig().units)).to.deep.equal([16, 2]);
    expect(info.model).to.deep.include({ arch: 'cloned-sequential' });
    model.dispose();
  });

  it('rejects k larger than the number of features, naming the allowed range', async () => {
    const err = await featureSelect.apply(original, featureSelectSettings.parse({ k: 9 }), context(dataset)).catch((e: unknown) => e);
    expectInputErrorCode(err, 'feature-select-k');
    expect((err as Error).message).to.contain('1..8');
  });

  it('rejects inputs that are not flat float features', async () => {
    const images = { ...dataset, inputShape: [2, 4] };
    const err = await featureSelect.apply(original, featureSelectSettings.parse({ k: 2 }), context(images)).catch((e: unknown) => e);
    expectInputErrorCode(err, 'feature-select-input');
  });

  it('orders kept features by column and breaks importance ties by the lower index', () => {
    expect(topFeatures([0.1, 0.5, 0.5, 0.9, 0.2], 3)).to.deep.equal([1, 2, 3]);
    expect(topFeatures([1, 1, 1], 2)).to.deep.equal([0, 1]);
  });

  it('rejects settings with neither or both of k and fraction', () => {
    expect(featureSelectSettings.safeParse({}).success).to.equal(false);
    expect(featureSelectSettings.safeParse({ k: 2, fraction: 0.5 }).success).to.equal(false);
  });
});
