import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { initBackend } from '../../harness/engine/backend.js';
import { evaluate, evaluatePredictions } from '../../harness/measure/evaluate.js';
import { inputError } from '../helpers/errors.js';
import { CONFUSION_METRICS } from '../../harness/measure/quality.js';

const settings = { ciLevel: 0.95, resamples: 1000, seed: 3 };
const Y = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 2, 2]);
const PRED = Int32Array.from([0, 0, 0, 1, 2, 1, 1, 0, 2, 1]);

describe('evaluatePredictions', () => {
  it('reports every confusion metric with an interval around its value', () => {
    const ev = evaluatePredictions(Y, PRED, 3, settings);
    for (const m of CONFUSION_METRICS) {
      const e = ev.quality[m];
      expect(e.ci[0], m).to.be.at.most(e.value);
      expect(e.ci[1], m).to.be.at.least(e.value);
    }
    expect(ev.quality.f1Weighted.value).to.be.closeTo(127 / 210, 1e-12);
    expect(ev.perClass.support).to.deep.equal([5, 3, 2]);
  });

  it('adds log loss and top-k accuracy only when probabilities are given', () => {
    expect(evaluatePredictions(Y, PRED, 3, { ...settings, topK: 2 }).quality).to.not.have.any.keys('logLoss', 'top2Accuracy');
    const probs = new Float32Array(30);
    PRED.forEach((p, i) => {
      probs.set([0.1, 0.1, 0.1], i * 3);
      probs[i * 3 + p] = 0.8;
    });
    const q = evaluatePredictions(Y, { predicted: PRED, probs }, 3, { ...settings, topK: 2 }).quality;
    expect(q.logLoss.value).to.be.closeTo((6 * -Math.log(0.8) + 4 * -Math.log(0.1)) / 10, 1e-6);
    // Ties at 0.1 count for the true class, so every row is a top-2 hit.
    expect(q.top2Accuracy.value).to.equal(1);
  });

  it('gives retention 1 with a zero-width interval against itself', () => {
    const ev = evaluatePredictions(Y, PRED, 3, settings, PRED);
    expect(ev.retention!.accuracy).to.deep.equal({ value: 1, ci: [1, 1] });
    expect(ev.paired!.fidelity).to.equal(1);
    expect(ev.paired!.fidelityCi).to.deep.equal([1, 1]);
    expect(ev.paired!.mcnemarP).to.equal(1);
  });

  it('computes retention as the ratio of the two metrics on the same rows', () => {
    const ev = evaluatePredictions(Y, PRED, 3, settings, Y);
    expect(ev.retention!.accuracy.value).to.be.closeTo(0.6, 1e-12);
    expect(ev.retention!.accuracy.ci[1]).to.be.at.most(1);
    expect(ev.paired!.rightToWrong).to.equal(4);
    expect(ev.paired!.wrongToRight).to.equal(0);
  });

  it('leaves out a retention whose reference metric is zero', () => {
    const wrong = Int32Array.from(Y, (c) => (c + 1) % 3);
    const ev = evaluatePredictions(Y, PRED, 3, settings, wrong);
    expect(ev.retention).to.not.have.property('accuracy');
  });

  describe('label-free', () => {
    // Two rows: the variant agrees with the original on the first and flips the second.
    const ref = { predicted: Int32Array.from([0, 1]), probs: Float32Array.from([0.75, 0.25, 0.25, 0.75]) };
    const own = { predicted: Int32Array.from([0, 0]), probs: Float32Array.from([0.75, 0.25, 0.75, 0.25]) };
    const ev = () => evaluatePredictions(new Int32Array(2), own, 2, { ...settings, labelFree: true }, ref);

    it('reports agreement, KL and total variation instead of accuracy', () => {
      const q = ev().quality;
      expect(Object.keys(q).sort()).to.deep.equal(['fidelity', 'kl', 'tv']);
      expect(q.fidelity.value).to.equal(0.5);
      // Row 2: KL = 0.25 ln(0.25/0.75) + 0.75 ln(0.75/0.25) = 0.5 ln 3; TV = 0.5. Row 1: 0.
      expect(q.kl.value).to.be.closeTo((0.5 * Math.log(3)) / 2, 1e-6);
      expect(q.tv.value).to.be.closeTo(0.25, 1e-6);
    });

    it("uses the original's predictions as the rows of the confusion matrix", () => {
      expect(ev().confusion).to.deep.equal([
        [1, 0],
        [1, 0],
      ]);
    });

    it('records the top-level kl and tv with labels too', () => {
      const labelled = evaluatePredictions(Int32Array.from([0, 1]), own, 2, settings, ref);
      expect(labelled.quality.accuracy.value).to.equal(0.5);
      expect(labelled.tv!.value).to.be.closeTo(0.25, 1e-6);
      expect(labelled.kl!.value).to.be.closeTo((0.5 * Math.log(3)) / 2, 1e-6);
    });
  });
});

describe('evaluate', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('rejects a model whose output is not one value per class, naming the fix', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 5, inputShape: [2] })] });
    const test = { x: new Float32Array([0, 1, 1, 0, 1, 1]), y: Int32Array.from([0, 1, 2]), n: 3 };
    try {
      const err = inputError(() => evaluate(model, test, [2], 3, settings), 'model-output-size');
      expect(err.message).to.match(/outputs 5 values per row but the dataset has 3 classes; .*3 units/);
    } finally {
      model.dispose();
    }
  });
});
