import { expect } from 'chai';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { initBackend } from '../../../harness/engine/backend.js';
import { buildLenet5, lenetSettings } from '../../../harness/models/lenet.js';
import { predictProbs } from '../../../harness/models/train.js';
import { buildTransformer } from '../../../harness/models/transformer.js';
import { exportOnnx } from '../../../harness/runtimes/onnx-export.js';
import { chromiumOnnxruntimeWeb, closeChromium } from '../../../harness/runtimes/chromium/index.js';
import type { LoadedModel } from '../../../harness/runtimes/types.js';
import { maxAbsDiff, requireChromium, SHORT, tempDir } from './helpers.js';
import { writeDenseSoftmaxOnnx } from './onnx-fixture.js';

const KERNEL = [
  [1, 2, -1],
  [0.5, -1, 0],
  [0, 3, 0.25],
];
const BIAS = [0.1, -0.2, 0];
const ROWS = Float32Array.from([1, 2, 3, -1, 0, 0.5]);

describe('chromium-onnxruntime-web runtime (onnxruntime-web in headless Chromium)', function () {
  this.timeout(120_000);
  const loaded: LoadedModel[] = [];
  let path: string;

  before(async function () {
    requireChromium(this);
    path = join(tempDir(), 'dense.onnx');
    writeDenseSoftmaxOnnx(path, KERNEL, BIAS);
  });

  after(async () => {
    for (const m of loaded) await m.dispose();
    await closeChromium();
  });

  const load = async (): Promise<LoadedModel> => {
    const m = await chromiumOnnxruntimeWeb.load({ format: 'onnx', path }, { threads: 1, inputShape: [3] });
    loaded.push(m);
    return m;
  };

  it('gives the softmax of x · W + b that tfjs in Node computes, within 1e-5', async () => {
    await initBackend('wasm');
    const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 3, activation: 'softmax' })] });
    dense.setWeights([tf.tensor2d(KERNEL), tf.tensor1d(BIAS)]);
    const node = tf.tidy(() => (dense.predict(tf.tensor2d(ROWS, [2, 3])) as tf.Tensor).dataSync());
    dense.dispose();
    expect(maxAbsDiff(await (await load()).predict(ROWS, 2), node)).to.be.below(1e-5);
  });

  it('matches hand-computed probabilities', async () => {
    // Row 2 = [-1, 0, 0.5]: logits [-0.9, -0.7, 1.125].
    const logits = [-0.9, -0.7, 1.125];
    const sum = logits.reduce((s, z) => s + Math.exp(z), 0);
    const probs = await (await load()).predict(ROWS, 2);
    expect(
      maxAbsDiff(
        probs.subarray(3),
        logits.map((z) => Math.exp(z) / sum),
      ),
    ).to.be.below(1e-6);
  });

  it('reports a load time above zero', async () => {
    const m = await load();
    expect(m.loadMs).to.be.greaterThan(0);
    expect(m.loadMs).to.be.below(60_000);
  });

  it('times a pair in whole units of positive per-call times, within the protocol’s bounds', async () => {
    const [a, b] = [await load(), await load()];
    const t = await chromiumOnnxruntimeWeb.timePair(a, b, ROWS, 2, SHORT);
    expect(t.a.length).to.equal(t.b.length);
    expect(t.a.length % 4).to.equal(0);
    expect(t.a.length).to.be.within(SHORT.minRounds, SHORT.maxRounds);
    for (const v of [...t.a, ...t.b]) expect(v).to.be.greaterThan(0).and.below(1000);
  });

  /** Exports `model`, runs it in the page on `x` and returns the largest difference from tfjs in Node. */
  async function exportedDiff(model: tf.LayersModel, inputShape: number[], x: Float32Array, n: number): Promise<number> {
    await initBackend('wasm');
    const file = join(tempDir(), 'model.onnx');
    writeFileSync(file, exportOnnx(model));
    const node = predictProbs(model, { x, y: new Int32Array(n), n }, inputShape);
    model.dispose();
    const m = await chromiumOnnxruntimeWeb.load({ format: 'onnx', path: file }, { threads: 1, inputShape });
    loaded.push(m);
    return maxAbsDiff(await m.predict(x, n), node);
  }

  it('runs the ONNX export of LeNet-5 as tfjs in Node does, within 1e-5', async () => {
    const model = buildLenet5(
      { inputShape: [28, 28, 1], inputKind: 'float', classNames: '0123456789'.split('') },
      lenetSettings.parse({}),
      1,
    );
    expect(
      await exportedDiff(
        model,
        [28, 28, 1],
        Float32Array.from({ length: 2 * 784 }, (_, i) => Math.sin(i)),
        2,
      ),
    ).to.be.below(1e-5);
  });

  it('runs the ONNX export of the transformer as tfjs in Node does, within 1e-5', async () => {
    const shape = { inputShape: [6], inputKind: 'tokens' as const, vocabSize: 11, classNames: ['a', 'b', 'c'] };
    const model = buildTransformer(shape, { dModel: 8, heads: 2, layers: 1, ffDim: 8, dropout: 0, pool: 'mean', mask: true }, 3);
    expect(await exportedDiff(model, [6], Float32Array.from([1, 4, 9, 2, 0, 0, 3, 3, 10, 7, 5, 1]), 2)).to.be.below(1e-5);
  });

  it('names the file when the .onnx is corrupt', async () => {
    const bad = join(tempDir(), 'bad.onnx');
    (await import('node:fs')).writeFileSync(bad, 'not a model');
    let err: Error | undefined;
    await chromiumOnnxruntimeWeb.load({ format: 'onnx', path: bad }, { threads: 1, inputShape: [3] }).catch((e: Error) => (err = e));
    expect(err?.name).to.equal('InputError');
    expect(err?.message).to.match(
      new RegExp(`^${bad}: onnxruntime cannot load it as an ONNX model \\(.*onnxruntime-web cannot create a session`),
    );
  });

  it('times the calibration probe in the page once after each unit when given a probe', async () => {
    const [a, b] = [await load(), await load()];
    const t = await chromiumOnnxruntimeWeb.timePair(a, b, ROWS, 2, SHORT, () => {});
    expect(t.probe).to.have.length(t.a.length / 4);
    for (const v of t.probe!) expect(v).to.be.greaterThan(0);
  });
});
