import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { initBackend } from '../../harness/models/backend.js';
import { saveModel } from '../../harness/engine/artifact-write.js';
import { tfjs } from '../../harness/runtimes/tfjs.js';

let dir: string;

describe('tfjs runtime', () => {
  before(async () => {
    await initBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'slimbench-tfjs-rt-'));
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [3], units: 2, activation: 'softmax', useBias: false, kernelInitializer: 'zeros' })],
    });
    model.layers[0].setWeights([
      tf.tensor2d([
        [1, 0],
        [0, 1],
        [1, 1],
      ]),
    ]);
    await saveModel(model, dir);
    model.dispose();
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('predicts the saved model from its model.json', async () => {
    const m = await tfjs.load({ format: 'tfjs-layers', path: join(dir, 'model.json') }, { threads: 1, inputShape: [3], backend: 'wasm' });
    const y = await m.predict(new Float32Array([1, 2, 3]), 1);
    await m.dispose();
    expect(y[0]).to.be.closeTo(1 / (1 + Math.E), 1e-6);
  });

  it('leaves no tensor behind after timing and disposal', async () => {
    const before = tf.memory().numTensors;
    const a = await tfjs.load({ format: 'tfjs-layers', path: join(dir, 'model.json') }, { threads: 1, inputShape: [3] });
    const b = await tfjs.load({ format: 'tfjs-layers', path: join(dir, 'model.json') }, { threads: 1, inputShape: [3] });
    const t = await tfjs.timePair(a, b, new Float32Array([1, 2, 3]), 1, {
      warmupRounds: 1,
      warmupMs: 0,
      minRounds: 4,
      minTimeMs: 0,
      maxRounds: 8,
    });
    await a.dispose();
    await b.dispose();
    expect(t.a.length).to.equal(4);
    expect(tf.memory().numTensors).to.equal(before);
  });
});
