import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'chai';
import { calibrateMatmul } from '../../harness/engine/calibrate.js';

describe('matmul calibration', () => {
  before(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('derives GFLOP/s from 2·n³ FLOPs over the median call time, leaking no tensors', () => {
    const before = tf.memory().numTensors;
    const c = calibrateMatmul({ size: 64, timeMs: 20, minRounds: 5 });
    expect(c.rounds).to.be.at.least(5);
    expect(c.gflops).to.be.closeTo((2 * 64 ** 3) / (c.medianMs * 1e6), 1e-9);
    expect(c.gflops).to.be.greaterThan(0);
    expect(tf.memory().numTensors).to.equal(before);
  });
});
