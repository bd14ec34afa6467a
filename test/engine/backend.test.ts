import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { initBackend } from '../../harness/engine/backend.js';
import { expectInputErrorCode } from '../helpers/errors.js';

describe('engine/backend: initBackend', function () {
  this.timeout(60_000);
  after(async () => {
    await initBackend('wasm');
  });

  it('names the backend it started', async () => {
    expect(await initBackend('wasm')).to.equal('wasm');
    expect(tf.getBackend()).to.equal('wasm');
  });

  it('rejects an unknown backend as bad input', async () => {
    let err: unknown;
    try {
      await initBackend('gpu' as never);
    } catch (e) {
      err = e;
    }
    expectInputErrorCode(err, 'bad-backend');
    expect((err as Error).message).to.match(/unknown backend 'gpu'.*valid: auto/);
  });

  it('trains on wasm after cpu was used (no tfjs test-mode leak check left on)', async () => {
    expect(await initBackend('cpu')).to.equal('cpu');
    tf.tidy(() => tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])).dataSync());
    expect(await initBackend('wasm')).to.equal('wasm');
    expect(tf.env().getBool('IS_TEST')).to.equal(false);
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tf.layers.dense({ units: 2, activation: 'softmax' })],
    });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const x = tf.randomNormal([16, 4]);
    const y = tf.oneHot(tf.zeros([16], 'int32'), 2);
    const h = await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    expect(h.history.loss[0]).to.be.a('number');
    tf.dispose([x, y]);
    model.dispose();
  });
});
