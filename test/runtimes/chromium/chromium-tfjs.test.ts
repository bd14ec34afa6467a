import { expect } from 'chai';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../../harness/data/random.js';
import { initBackend } from '../../../harness/engine/backend.js';
import { saveModel } from '../../../harness/engine/artifact-write.js';
import { predictProbs } from '../../../harness/models/train.js';
import { buildTransformer } from '../../../harness/models/transformer.js';
import { chromiumTfjs, closeChromium } from '../../../harness/runtimes/chromium/index.js';
import type { LoadedModel } from '../../../harness/runtimes/types.js';
import { blockedOf, inPage, maxAbsDiff, requireChromium, SHORT, tempDir } from './helpers.js';

const rows = (n: number, width: number, seed: number): Float32Array => {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * width }, () => rng.next() * 2 - 1);
};

/** Saves `model` and returns the path of its model.json. */
async function saved(model: tf.LayersModel): Promise<string> {
  const dir = join(tempDir(), 'model');
  await saveModel(model, dir);
  return join(dir, 'model.json');
}

const mlp = (widths: number[]): tf.LayersModel =>
  tf.sequential({
    layers: widths.slice(1).map((units, i) =>
      tf.layers.dense({
        ...(i === 0 ? { inputShape: [widths[0]] } : {}),
        units,
        activation: i === widths.length - 2 ? 'softmax' : 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 7 + i }),
      }),
    ),
  });

describe('chromium-tfjs runtime (tfjs on wasm in headless Chromium)', function () {
  this.timeout(120_000);
  const loaded: LoadedModel[] = [];
  let small: tf.LayersModel;
  let smallPath: string;

  before(async function () {
    requireChromium(this);
    await initBackend('wasm');
    small = mlp([5, 8, 3]);
    smallPath = await saved(small);
  });

  after(async () => {
    for (const m of loaded) await m.dispose();
    small?.dispose();
    await closeChromium();
  });

  const load = async (path: string, inputShape: number[]): Promise<LoadedModel> => {
    const m = await chromiumTfjs.load({ format: 'tfjs-layers', path }, { threads: 1, inputShape });
    loaded.push(m);
    return m;
  };

  it('predicts the probabilities tfjs in Node gives for a small MLP, within 1e-5', async () => {
    const m = await load(smallPath, [5]);
    const x = rows(7, 5, 1);
    const node = predictProbs(small, { x, y: new Int32Array(7), n: 7 }, [5]);
    const page = await m.predict(x, 7);
    expect(page).to.have.length(21);
    expect(maxAbsDiff(page, node)).to.be.below(1e-5);
  });

  it('loads the transformer’s custom layers and predicts as tfjs in Node does', async () => {
    const shape = { inputShape: [6], inputKind: 'tokens' as const, vocabSize: 11, classNames: ['a', 'b', 'c'] };
    const model = buildTransformer(shape, { dModel: 8, heads: 2, layers: 1, ffDim: 8, dropout: 0, pool: 'mean', mask: true }, 3);
    const ids = Float32Array.from([1, 4, 9, 2, 0, 0, 3, 3, 10, 7, 5, 1]);
    const node = predictProbs(model, { x: ids, y: new Int32Array(2), n: 2 }, [6]);
    const m = await load(await saved(model), [6]);
    model.dispose();
    expect(maxAbsDiff(await m.predict(ids, 2), node)).to.be.below(1e-5);
  });

  it('reports a load time above zero', async () => {
    const m = await load(smallPath, [5]);
    expect(m.loadMs).to.be.greaterThan(0);
    expect(m.loadMs).to.be.below(60_000);
  });

  it('times a pair in whole units of positive per-call times, within the protocol’s bounds', async () => {
    const [a, b] = [await load(smallPath, [5]), await load(smallPath, [5])];
    const t = await chromiumTfjs.timePair(a, b, rows(16, 5, 2), 16, SHORT);
    expect(t.a.length).to.equal(t.b.length);
    expect(t.a.length % 4).to.equal(0);
    expect(t.a.length).to.be.within(SHORT.minRounds, SHORT.maxRounds);
    for (const v of [...t.a, ...t.b]) expect(v).to.be.greaterThan(0).and.below(1000);
  });

  it('times the calibration probe in the page once after each unit when given a probe', async () => {
    const [a, b] = [await load(smallPath, [5]), await load(smallPath, [5])];
    let calledHere = 0;
    const t = await chromiumTfjs.timePair(a, b, rows(16, 5, 2), 16, SHORT, () => void calledHere++);
    expect(t.probe).to.have.length(t.a.length / 4);
    for (const v of t.probe!) expect(v).to.be.greaterThan(0);
    expect(calledHere).to.equal(0);
  });

  it('times a model with a thousand times the work as slower', async () => {
    const big = mlp([256, 1024, 1024, 3]);
    const heavy = await load(await saved(big), [256]);
    big.dispose();
    const light = await load(await saved(mlp([256, 2, 3])), [256]);
    const t = await chromiumTfjs.timePair(light, heavy, rows(32, 256, 3), 32, SHORT);
    const median = (v: Float64Array): number => Float64Array.from(v).sort()[v.length >> 1];
    expect(median(t.b)).to.be.greaterThan(median(t.a));
  });

  it('lets no request leave the local site', async () => {
    const m = await load(smallPath, [5]);
    const outcome = await inPage(m, () =>
      fetch('http://example.com/x').then(
        () => 'fetched',
        () => 'refused',
      ),
    );
    expect(outcome).to.equal('refused');
    expect(blockedOf(m)).to.deep.equal(['http://example.com/x']);
  });

  it('opens a new page for the next load when the page of earlier models closed', async () => {
    const first = await load(smallPath, [5]);
    await (first as unknown as { session: { page: { close(): Promise<void> } } }).session.page.close();
    const second = await load(smallPath, [5]);
    expect(await second.predict(rows(1, 5, 4), 1)).to.have.length(3);
  });

  it('refuses an ONNX artifact', async () => {
    let err: Error | undefined;
    await chromiumTfjs.load({ format: 'onnx', path: smallPath }, { threads: 1, inputShape: [5] }).catch((e: Error) => (err = e));
    expect(err?.name).to.equal('InputError');
    expect(err?.message).to.equal(
      `${smallPath}: runtime 'chromium-tfjs' loads tfjs-layers models, not onnx; export the model to tfjs-layers first`,
    );
  });
});
