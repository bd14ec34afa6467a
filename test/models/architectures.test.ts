import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'chai';
import { inputError } from '../helpers/errors.js';
import { babiSettings, loadBabi } from '../../harness/data/babi.js';
import { registerWasmTrainingKernels } from '../../harness/engine/kernels/index.js';
import { lenet300100, lenet5, lenetSettings } from '../../harness/models/lenet.js';
import { mlp, mlpSettings } from '../../harness/models/mlp.js';
import { transformer, transformerSettings } from '../../harness/models/transformer.js';
import { SequencePool, registerTransformerLayers } from '../../harness/models/transformer-layers.js';
import type { DataShape } from '../../harness/models/types.js';

const digits: DataShape = { inputShape: [28, 28, 1], inputKind: 'float', classNames: '0123456789'.split('') };
const flat784: DataShape = { ...digits, inputShape: [784] };
const tokens: DataShape = { inputShape: [10], inputKind: 'tokens', vocabSize: 16, classNames: '0123456789'.split('') };

function weightsOf(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

function predict(model: tf.LayersModel, x: number[][]): number[][] {
  return tf.tidy(() => (model.predict(tf.tensor2d(x)) as tf.Tensor).arraySync() as number[][]);
}

describe('models/architectures', () => {
  let previous: string | undefined;
  before(async () => {
    previous = tf.getBackend();
    await tf.setBackend('wasm');
    await tf.ready();
    registerWasmTrainingKernels();
  });
  after(async () => {
    if (previous) await tf.setBackend(previous);
  });

  it('builds mlp [64, 32] on 784 inputs with 52,650 parameters', () => {
    // 784*64+64 + 64*32+32 + 32*10+10
    expect(mlp.build(flat784, mlpSettings.parse({}), 1).countParams()).to.equal(52_650);
  });

  it('flattens image input in mlp', () => {
    const model = mlp.build(digits, mlpSettings.parse({ hidden: [8] }), 1);
    expect(model.outputs[0].shape).to.deep.equal([null, 10]);
    expect(model.countParams()).to.equal(784 * 8 + 8 + 8 * 10 + 10);
  });

  it('builds the same mlp weights for the same seed and different ones for another seed', () => {
    const s = mlpSettings.parse({ hidden: [16], dropout: 0.2, activation: 'tanh' });
    const a = weightsOf(mlp.build(flat784, s, 3));
    expect(weightsOf(mlp.build(flat784, s, 3))).to.deep.equal(a);
    expect(weightsOf(mlp.build(flat784, s, 4))).to.not.deep.equal(a);
  });

  it('builds lenet300100 on 784 inputs and 10 classes with 266,610 parameters', () => {
    expect(lenet300100.build(flat784, lenetSettings.parse({}), 1).countParams()).to.equal(266_610);
  });

  it('scales lenet300100 hidden layers by width', () => {
    // 784*150+150 + 150*50+50 + 50*10+10
    expect(lenet300100.build(flat784, lenetSettings.parse({ width: 0.5 }), 1).countParams()).to.equal(125_810);
  });

  it('builds lenet5 on 28x28x1 with 61,706 parameters', () => {
    // conv 156 + conv 2,416 + dense 48,120 + 10,164 + 850
    expect(lenet5.build(digits, lenetSettings.parse({}), 1).countParams()).to.equal(61_706);
  });

  it('scales lenet5 filters and units by width', () => {
    // conv 3@5x5: 78, conv 8@5x5: 608, dense 200→60: 12,060, 60→42: 2,562, 42→10: 430
    expect(lenet5.build(digits, lenetSettings.parse({ width: 0.5 }), 1).countParams()).to.equal(15_738);
  });

  it('rejects flat input in lenet5 with an InputError', () => {
    expect(inputError(() => lenet5.build(flat784, lenetSettings.parse({}), 1), 'arch-input-shape').message).to.match(
      /lenet5 needs image input/,
    );
  });

  it('builds the transformer with the hand-counted parameters', () => {
    const model = transformer.build(tokens, transformerSettings.parse({ dModel: 8, heads: 2, layers: 1, ffDim: 16 }), 1);
    // token 16*8 + position 10*8 + attention 4*(8*8+8) + 2 norms 2*16 + ff 8*16+16 + 16*8+8 + out 8*10+10
    expect(model.countParams()).to.equal(128 + 80 + 288 + 32 + 144 + 136 + 90);
  });

  it('gives attention projections ordinary [dModel, dModel] kernels named .../query/kernel', () => {
    const model = transformer.build(tokens, transformerSettings.parse({ dModel: 8 }), 1);
    const kernels = model.weights.filter((w) => /\/(query|key|value|output)\/kernel$/.test(w.name));
    expect(kernels).to.have.length(4);
    for (const k of kernels) expect(k.shape).to.deep.equal([8, 8]);
  });

  it('rejects float input and heads that do not divide dModel', () => {
    expect(inputError(() => transformer.build(flat784, transformerSettings.parse({}), 1), 'arch-input-kind').message).to.match(
      /token input/,
    );
    expect(transformerSettings.safeParse({ dModel: 10, heads: 3 }).success).to.equal(false);
  });

  it('serialises the transformer to JSON and loads it back with identical predictions', () => {
    registerTransformerLayers();
    registerTransformerLayers();
    const model = transformer.build(tokens, transformerSettings.parse({ dModel: 8, layers: 2, ffDim: 16, pool: 'first' }), 2);
    const json = JSON.parse(JSON.stringify(model.toJSON(null, false)));
    return tf.models.modelFromJSON(json).then((loaded) => {
      loaded.setWeights(model.getWeights());
      const x = [
        [3, 4, 5, 15, 7, 0, 0, 0, 0, 0],
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      ];
      expect(predict(loaded, x)).to.deep.equal(predict(model, x));
    });
  });

  it('makes predictions independent of padding positions when masking, and only then', () => {
    const row = [[3, 4, 5, 0, 0, 0, 0, 0, 0, 0]];
    for (const mask of [true, false]) {
      const model = transformer.build(tokens, transformerSettings.parse({ dModel: 8, mask }), 2);
      const before = predict(model, row);
      const layer = model.layers.find((l) => l.getClassName() === 'PositionEmbedding')!;
      const table = layer.getWeights()[0].arraySync() as number[][];
      layer.setWeights([tf.tensor2d(table.map((r, pos) => (pos < 3 ? r : r.map((v) => v + 1))))]);
      const after = predict(model, row);
      if (mask) expect(after[0]).to.deep.equal(before[0]);
      else expect(after[0]).to.not.deep.equal(before[0]);
    }
  });

  it('pools the mean of real tokens, the first position or the last real token', () => {
    const x = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [5, 6],
        [7, 8],
      ],
    ]);
    const ids = tf.tensor2d([[9, 9, 0, 0]]);
    const pool = (mode: 'mean' | 'first' | 'last', withIds = true): number[][] =>
      tf.tidy(() => (new SequencePool({ mode }).apply(withIds ? [x, ids] : x) as tf.Tensor).arraySync() as number[][]);
    expect(pool('mean')).to.deep.equal([[2, 3]]);
    expect(pool('first')).to.deep.equal([[1, 2]]);
    expect(pool('last')).to.deep.equal([[3, 4]]);
    expect(pool('mean', false)).to.deep.equal([[4, 5]]);
    expect(pool('last', false)).to.deep.equal([[7, 8]]);
    tf.dispose([x, ids]);
  });

  it('learns a tiny bAbI task above chance in a few epochs on wasm', async () => {
    const ds = loadBabi(babiSettings.parse({ task: 1, people: 2, places: 4, storyLength: 4, trainSize: 512, testSize: 200 }), 1);
    const model = transformer.build(ds, transformerSettings.parse({ dModel: 16, heads: 2, ffDim: 32 }), 1);
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
    const len = ds.inputShape[0];
    const [x, y] = [tf.tensor2d(ds.train.x, [ds.train.n, len]), tf.tensor1d(ds.train.y, 'float32')];
    await model.fit(x, y, { epochs: 6, batchSize: 32, shuffle: false, verbose: 0 });
    tf.dispose([x, y]);
    const pred = tf.tidy(() => (model.predict(tf.tensor2d(ds.test.x, [ds.test.n, len])) as tf.Tensor).argMax(-1).dataSync());
    const acc = Array.from(pred).filter((p, i) => p === ds.test.y[i]).length / ds.test.n;
    // Chance is 0.25 (four places); seeds 1-3 reach 0.53-0.68 here.
    expect(acc).to.be.greaterThan(0.4);
  });
});
