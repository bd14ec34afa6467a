import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { initBackend } from '../../harness/models/backend.js';
import { firstDivergentLayer } from '../../harness/runtimes/divergence.js';
import { fp32ParityHolds, parityOf } from '../../harness/runtimes/parity.js';
import { onnxruntime } from '../../harness/runtimes/onnxruntime.js';
import { rowsFor, seedWeights } from './export-check.js';

const build = (): tf.LayersModel =>
  tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 5, activation: 'relu', name: 'first' }),
      tf.layers.dense({ units: 5, activation: 'relu', name: 'second' }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'third' }),
    ],
  });

describe('parity', () => {
  before(() => initBackend('wasm'));

  it('counts agreeing rows and the largest probability difference', () => {
    const a = Float32Array.from([0.9, 0.1, 0.4, 0.6, 0.5, 0.5]);
    const b = Float32Array.from([0.8, 0.2, 0.7, 0.3, 0.5, 0.5]);
    const p = parityOf(a, b, 2);
    expect(p.rows).to.equal(3);
    expect(p.agreement).to.be.closeTo(2 / 3, 1e-12);
    expect(p.maxAbsDiff).to.be.closeTo(0.3, 1e-6);
  });

  it('holds for 1 disagreeing row in 1000 and a difference of 1e-3, and fails beyond either', () => {
    expect(fp32ParityHolds({ rows: 1000, agreement: 0.999, maxAbsDiff: 1e-3 })).to.equal(true);
    expect(fp32ParityHolds({ rows: 1000, agreement: 0.998, maxAbsDiff: 0 })).to.equal(false);
    expect(fp32ParityHolds({ rows: 1000, agreement: 1, maxAbsDiff: 2e-3 })).to.equal(false);
  });

  it('finds no divergent layer in a faithful export', async () => {
    const model = build();
    seedWeights(model, 3);
    const found = await firstDivergentLayer(model, rowsFor(model, 8, 1), 8, onnxruntime, { threads: 1, inputShape: [4] });
    model.dispose();
    expect(found).to.equal(undefined);
  });

  it('names the first layer whose exported outputs diverge', async () => {
    const model = build();
    seedWeights(model, 3);
    const broken = build();
    broken.setWeights(model.getWeights());
    const bias = broken.getLayer('second').getWeights()[1];
    tf.tidy(() => broken.getLayer('second').setWeights([broken.getLayer('second').getWeights()[0], tf.add(bias, 0.5)]));
    const found = await firstDivergentLayer(model, rowsFor(model, 8, 1), 8, onnxruntime, { threads: 1, inputShape: [4] }, broken);
    model.dispose();
    broken.dispose();
    expect(found?.layer).to.equal('second');
    expect(found?.className).to.equal('Dense');
  });
});
