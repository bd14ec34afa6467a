import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { Matrix } from 'ml-matrix';
import { Rng } from '../../harness/data/random.js';
import { initBackend } from '../../harness/models/backend.js';
import { loadModel } from '../../harness/engine/artifact-read.js';
import { saveModel } from '../../harness/engine/artifact-write.js';
import { expectInputErrorCode } from '../helpers/errors.js';
import { lowrank, lowrankSettings, type LowrankLayerInfo } from '../../harness/methods/lowrank.js';
import { chooseRank, discardedEnergy, lowRankFactors, svd } from '../../harness/methods/svd.js';
import { context, syntheticDataset } from './synthetic.js';

const random = (n: number, seed: number): Float32Array => {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
};

/** The best rank-r approximation U_r·S_r·V_rᵀ of a row-major matrix, computed directly. */
function truncated(values: Float32Array, rows: number, cols: number, r: number): Float32Array {
  const d = svd(values, rows, cols);
  const u = d.u.subMatrix(0, rows - 1, 0, r - 1);
  const s = Matrix.diag(d.singular.slice(0, r));
  const v = d.v.subMatrix(0, cols - 1, 0, r - 1);
  return Float32Array.from(u.mmul(s).mmul(v.transpose()).to1DArray());
}

function setWeights(model: tf.LayersModel, seed: number): void {
  const shapes = model.weights.map((w) => w.shape as number[]);
  model.setWeights(
    shapes.map((shape, i) =>
      tf.tensor(
        random(
          shape.reduce((a, b) => a * b, 1),
          seed + i,
        ),
        shape,
      ),
    ),
  );
}

const dataset = syntheticDataset({ n: 20, d: 10, classes: 3, seed: 1, label: (r) => (r[0] > 0 ? 1 : 0) });

describe('methods/lowrank', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('truncating to rank r leaves a Frobenius error of sqrt(sum of the discarded squared singular values)', () => {
    const w = random(12 * 8, 5);
    const d = svd(w, 12, 8);
    const { a, b } = lowRankFactors(d, 3);
    let err = 0;
    for (let i = 0; i < 12; i++) {
      for (let j = 0; j < 8; j++) {
        let v = 0;
        for (let k = 0; k < 3; k++) v += a[i * 3 + k] * b[k * 8 + j];
        err += (w[i * 8 + j] - v) ** 2;
      }
    }
    const expected = Math.sqrt(d.singular.slice(3).reduce((acc, s) => acc + s * s, 0));
    expect(Math.sqrt(err)).to.be.closeTo(expected, 1e-5);
  });

  it('chooses the smallest rank whose retained energy reaches the threshold', () => {
    // Retained energies of [3, 2, 1] at ranks 1, 2, 3: 9/14, 13/14, 1.
    expect([0.5, 9 / 14, 0.9, 13 / 14, 0.93, 1].map((energy) => chooseRank([3, 2, 1], { energy }))).to.deep.equal([1, 1, 2, 2, 3, 3]);
    expect(chooseRank([3, 2, 1, 0.5], { rankFraction: 0.5 })).to.equal(2);
    expect(discardedEnergy([3, 2, 1], 2)).to.be.closeTo(1 / 14, 1e-12);
  });

  it('replaces a Dense layer by two whose output equals act(x·W_r + b)', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [10], activation: 'relu' })] });
    setWeights(model, 10);
    const { model: out, info } = await lowrank.apply(model, lowrankSettings.parse({ rank: 2 }), context(dataset));
    const [first, second] = out.layers.map((l) => l.getConfig());
    expect([first.units, first.useBias, first.activation, second.units, second.activation]).to.deep.equal([2, false, 'linear', 8, 'relu']);
    const x = random(5 * 10, 11);
    const wr = truncated(model.getWeights()[0].dataSync() as Float32Array, 10, 8, 2);
    const expected = tf.tidy(() =>
      tf.relu(tf.add(tf.matMul(tf.tensor2d(x, [5, 10]), tf.tensor2d(wr, [10, 8])), model.getWeights()[1])).dataSync(),
    );
    const actual = tf.tidy(() => (out.predict(tf.tensor2d(x, [5, 10])) as tf.Tensor).dataSync());
    Array.from(actual).forEach((v, i) => expect(v).to.be.closeTo(expected[i], 1e-5));
    expect((info.layers as LowrankLayerInfo[])[0]).to.include({ rank: 2, paramsBefore: 80, paramsAfter: 36, factorized: true });
    model.dispose();
    out.dispose();
  });

  it('splits a Conv2D layer into a k×k conv to r channels and a 1×1 conv equal to the rank-r kernel', async () => {
    const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [5, 5, 4], filters: 8, kernelSize: 3, padding: 'same' })] });
    setWeights(model, 20);
    const { model: out } = await lowrank.apply(model, lowrankSettings.parse({ rank: 2 }), context(dataset));
    expect(out.layers.map((l) => l.getConfig().filters)).to.deep.equal([2, 8]);
    expect(out.layers[1].getConfig().kernelSize).to.deep.equal([1, 1]);
    const x = random(2 * 5 * 5 * 4, 21);
    const wr = truncated(model.getWeights()[0].dataSync() as Float32Array, 36, 8, 2);
    const expected = tf.tidy(() =>
      tf.add(tf.conv2d(tf.tensor4d(x, [2, 5, 5, 4]), tf.tensor4d(wr, [3, 3, 4, 8]), 1, 'same'), model.getWeights()[1]).dataSync(),
    );
    const actual = tf.tidy(() => (out.predict(tf.tensor4d(x, [2, 5, 5, 4])) as tf.Tensor).dataSync());
    Array.from(actual).forEach((v, i) => expect(v).to.be.closeTo(expected[i], 1e-4));
    model.dispose();
    out.dispose();
  });

  it('leaves alone and lists the layers where factorizing would not save parameters', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 8, inputShape: [10], activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })],
    });
    setWeights(model, 30);
    const { model: out, info } = await lowrank.apply(model, lowrankSettings.parse({ rank: 4 }), context(dataset));
    expect(out.layers.map((l) => l.getConfig().units)).to.deep.equal([4, 8, 3]);
    expect(out.layers[2].getWeights()[0].dataSync()).to.deep.equal(model.layers[1].getWeights()[0].dataSync());
    expect(info.leftAlone).to.have.length(1);
    expect((info.leftAlone as { layer: string }[])[0].layer).to.equal(model.layers[1].name);
    model.dispose();
    out.dispose();
  });

  it('rejects a rank larger than every layer, naming the allowed range', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [10] })] });
    const err = await lowrank.apply(model, lowrankSettings.parse({ rank: 9 }), context(dataset)).catch((e: unknown) => e);
    expectInputErrorCode(err, 'lowrank-rank-too-large');
    expect((err as Error).message).to.contain('1..8');
    model.dispose();
  });

  it('rejects settings with none or several of rank, rankFraction and energy', () => {
    expect(lowrankSettings.safeParse({}).success).to.equal(false);
    expect(lowrankSettings.safeParse({ rank: 2, energy: 0.9 }).success).to.equal(false);
    expect(lowrankSettings.safeParse({ energy: 0.9 }).success).to.equal(true);
  });

  it('writes a factorized model that loads back with the same outputs', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 8, inputShape: [10], activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })],
    });
    setWeights(model, 40);
    const { model: out } = await lowrank.apply(model, lowrankSettings.parse({ rankFraction: 0.25 }), context(dataset));
    const dir = await mkdtemp(join(tmpdir(), 'lowrank-'));
    try {
      await saveModel(out, dir);
      const loaded = await loadModel(dir);
      const x = tf.tensor2d(random(4 * 10, 41), [4, 10]);
      const [a, b] = [out, loaded].map((m) => tf.tidy(() => (m.predict(x) as tf.Tensor).dataSync()));
      expect(Array.from(b)).to.deep.equal(Array.from(a));
      x.dispose();
      loaded.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
      model.dispose();
      out.dispose();
    }
  });

  it('fine-tunes the factorized model when asked and reports it', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 8, inputShape: [10], activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })],
    });
    const { model: out, info } = await lowrank.apply(model, lowrankSettings.parse({ rank: 2, fineTuneEpochs: 1 }), context(dataset));
    expect(info.fineTune).to.include({ epochs: 1 });
    model.dispose();
    out.dispose();
  });
});
