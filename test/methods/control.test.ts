import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { methods } from '../../harness/methods/index.js';
import { reinitialize } from '../../harness/models/reinit.js';
import { denseNet, tinyContext, tinyDataset, useWasm, weightValues } from './compress-fixtures.js';

const ctx = tinyContext(tinyDataset());
const kernelShapes = (m: tf.LayersModel) => m.weights.filter((w) => w.originalName.endsWith('kernel')).map((w) => w.shape);

describe('methods/control', () => {
  before(useWasm);

  it('fine-tune trains the original further: its weights change and info counts every phase', async () => {
    const model = denseNet();
    const before = weightValues(model, model.weights[0].originalName);
    const settings = methods['fine-tune'].settings.parse({
      phases: [
        { epochs: 1, learningRate: 0.01 },
        { epochs: 2, learningRate: 0.001 },
      ],
    });
    const r = await methods['fine-tune'].apply(model, settings, ctx);
    expect(r.model).to.equal(model);
    expect(r.info.epochs).to.equal(3);
    expect(r.info.batchSize).to.equal(16);
    expect(weightValues(model, model.weights[0].originalName)).to.not.deep.equal(before);
    model.dispose();
  });

  it("from-scratch builds the structure method's smaller architecture and trains it from fresh weights", async () => {
    const model = denseNet(8, [16, 12]);
    const settings = methods['from-scratch'].settings.parse({
      structure: { method: 'prune-structured', settings: { amount: 0.5, fineTuneEpochs: 3 } },
      epochs: 2,
    });
    const r = await methods['from-scratch'].apply(model, settings, ctx);
    expect(kernelShapes(r.model)).to.deep.equal([
      [8, 8],
      [8, 6],
      [6, 3],
    ]);
    expect(r.info).to.include({ epochs: 2, structure: 'prune-structured', params: 8 * 8 + 8 + 8 * 6 + 6 + 6 * 3 + 3 });
    expect((r.info.structureInfo as { fineTune?: unknown }).fineTune).to.equal(undefined);
    r.model.dispose();
    model.dispose();
  });

  it('from-scratch rejects a structure method that is not registered, naming the setting', () => {
    const r = methods['from-scratch'].settings.safeParse({ structure: { method: 'prune-structure', settings: {} } });
    expect(r.success).to.equal(false);
    expect(r.error!.issues[0].path).to.deep.equal(['structure', 'method']);
  });

  it('reinitialize zeroes biases and redraws kernels within the Glorot bound, the same for the same seed', () => {
    const a = denseNet(8, [16], 3, 2, ['h', 'out']);
    const b = denseNet(8, [16], 3, 9, ['h', 'out']);
    reinitialize(a, 3);
    reinitialize(b, 3);
    const kernel = weightValues(a, a.weights[0].originalName);
    expect(Math.max(...kernel.map(Math.abs))).to.be.at.most(Math.sqrt(6 / (8 + 16)));
    expect(Array.from(weightValues(a, a.weights[1].originalName))).to.deep.equal(new Array(16).fill(0));
    expect(kernel).to.deep.equal(weightValues(b, b.weights[0].originalName));
    a.dispose();
    b.dispose();
  });
});
