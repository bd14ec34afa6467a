import { expect } from 'chai';
import { confusionMatrix, perClass, qualityMetrics } from '../../harness/measure/quality.js';
import { logLossRows, meanOf, topKHits } from '../../harness/measure/quality-probs.js';

// Three classes, ten rows. Confusion (rows true, columns predicted):
//   [3 1 1]   support 5, predicted 4
//   [1 2 0]   support 3, predicted 4
//   [0 1 1]   support 2, predicted 2
const Y = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2];
const PRED = [0, 0, 0, 1, 2, 1, 1, 0, 2, 1];

describe('quality metrics', () => {
  it('builds the confusion matrix with true classes as rows', () => {
    expect(confusionMatrix(Y, PRED, 3)).to.deep.equal([
      [3, 1, 1],
      [1, 2, 0],
      [0, 1, 1],
    ]);
  });

  it('computes per-class precision, recall, F1 and support by hand', () => {
    const pc = perClass(confusionMatrix(Y, PRED, 3));
    expect(pc.precision).to.deep.equal([3 / 4, 2 / 4, 1 / 2]);
    expect(pc.recall).to.deep.equal([3 / 5, 2 / 3, 1 / 2]);
    expect(pc.f1[0]).to.be.closeTo(2 / 3, 1e-12);
    expect(pc.f1[1]).to.be.closeTo(4 / 7, 1e-12);
    expect(pc.f1[2]).to.be.closeTo(1 / 2, 1e-12);
    expect(pc.support).to.deep.equal([5, 3, 2]);
  });

  it('computes accuracy, balanced accuracy and macro averages by hand', () => {
    const m = qualityMetrics(Y, PRED, 3);
    expect(m.accuracy).to.be.closeTo(0.6, 1e-12);
    expect(m.balancedAccuracy).to.be.closeTo(53 / 90, 1e-12);
    expect(m.precisionMacro).to.be.closeTo(7 / 12, 1e-12);
    expect(m.recallMacro).to.be.closeTo(53 / 90, 1e-12);
    expect(m.f1Macro).to.be.closeTo(73 / 126, 1e-12);
  });

  it('computes support-weighted precision, recall and F1 by hand', () => {
    const m = qualityMetrics(Y, PRED, 3);
    expect(m.precisionWeighted).to.be.closeTo(0.625, 1e-12);
    expect(m.recallWeighted).to.be.closeTo(0.6, 1e-12);
    expect(m.f1Weighted).to.be.closeTo(127 / 210, 1e-12);
  });

  it('leaves classes absent from both labels and predictions out of macro averages', () => {
    // Class 3 never occurs: the figures equal those of the 3-class problem.
    const four = qualityMetrics(Y, PRED, 4);
    const three = qualityMetrics(Y, PRED, 3);
    expect(four).to.deep.equal(three);
  });

  it('counts a predicted-only class in macro averages but not in balanced accuracy', () => {
    // True classes {0, 1}; class 2 is only predicted: its precision and recall are 0.
    const m = qualityMetrics([0, 0, 1, 1], [0, 2, 1, 1], 3);
    expect(m.recallMacro).to.be.closeTo((1 / 2 + 1 + 0) / 3, 1e-12);
    expect(m.balancedAccuracy).to.be.closeTo((1 / 2 + 1) / 2, 1e-12);
    expect(m.precisionMacro).to.be.closeTo((1 + 1 + 0) / 3, 1e-12);
  });
});

describe('probability metrics', () => {
  const probs = Float32Array.from([0.7, 0.2, 0.1, 0.3, 0.4, 0.3, 0.5, 0.4, 0.1]);
  const y = [0, 1, 2];

  it('computes log loss as the mean of -ln p(true class)', () => {
    const expected = -(Math.log(0.7) + Math.log(0.4) + Math.log(0.1)) / 3;
    expect(meanOf(logLossRows(probs, y, 3))).to.be.closeTo(expected, 1e-6);
  });

  it('clips a zero probability instead of returning infinity', () => {
    expect(logLossRows(Float32Array.from([1, 0]), [1], 2)[0]).to.be.closeTo(-Math.log(1e-15), 1e-9);
  });

  it('computes top-2 accuracy by hand', () => {
    // Row 2's true class has the lowest probability: the only top-2 miss.
    expect(Array.from(topKHits(probs, y, 3, 2))).to.deep.equal([1, 1, 0]);
    expect(meanOf(topKHits(probs, y, 3, 2))).to.be.closeTo(2 / 3, 1e-12);
  });

  it('gives top-1 hits only where the true class is the most probable', () => {
    expect(Array.from(topKHits(probs, y, 3, 1))).to.deep.equal([1, 1, 0]);
    expect(Array.from(topKHits(probs, [1, 0, 0], 3, 1))).to.deep.equal([0, 0, 1]);
  });
});
