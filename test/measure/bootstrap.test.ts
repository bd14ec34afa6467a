import { expect } from 'chai';
import { Rng } from '../../harness/data/random.js';
import { bootstrap, quantile } from '../../harness/measure/bootstrap.js';
import { evaluatePredictions } from '../../harness/measure/evaluate.js';

/** n rows of 3 classes predicted correctly with probability `p`, seeded. */
function synthetic(n: number, p: number, rng: Rng): { y: Int32Array; pred: Int32Array } {
  const y = new Int32Array(n);
  const pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(3);
    pred[i] = rng.next() < p ? y[i] : (y[i] + 1 + rng.int(2)) % 3;
  }
  return { y, pred };
}

describe('bootstrap intervals', () => {
  it('interpolates quantiles linearly', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).to.equal(2.5);
    expect(quantile([1, 2, 3, 4], 0)).to.equal(1);
    expect(quantile([1, 2, 3, 4], 1)).to.equal(4);
  });

  it('covers the true accuracy at about the nominal 95% rate', () => {
    // 200 synthetic test sets of 200 rows from a classifier that is right 80% of the time.
    const rng = new Rng(11);
    let covered = 0;
    for (let s = 0; s < 200; s++) {
      const { y, pred } = synthetic(200, 0.8, rng);
      const { ci } = evaluatePredictions(y, pred, 3, { ciLevel: 0.95, resamples: 1000, seed: s }).quality.accuracy;
      if (ci[0] <= 0.8 && 0.8 <= ci[1]) covered++;
    }
    expect(covered / 200).to.be.within(0.88, 0.99);
  });

  it('gives the same interval for the same seed and a different one for another seed', () => {
    const { y, pred } = synthetic(300, 0.7, new Rng(5));
    const settings = { ciLevel: 0.95, resamples: 1000, seed: 1 };
    const a = evaluatePredictions(y, pred, 3, settings).quality.f1Macro;
    const b = evaluatePredictions(y, pred, 3, settings).quality.f1Macro;
    const c = evaluatePredictions(y, pred, 3, { ...settings, seed: 2 }).quality.f1Macro;
    expect(a).to.deep.equal(b);
    expect(c.ci).to.not.deep.equal(a.ci);
  });

  it('agrees with the generic row bootstrap for accuracy', () => {
    const { y, pred } = synthetic(150, 0.75, new Rng(8));
    const fast = evaluatePredictions(y, pred, 3, { ciLevel: 0.9, resamples: 500, seed: 4 }).quality.accuracy;
    const generic = bootstrap(150, (rows) => rows.reduce((n, r) => n + (y[r] === pred[r] ? 1 : 0), 0) / rows.length, {
      resamples: 500,
      level: 0.9,
      seed: 4,
    });
    expect(fast.value).to.equal(generic.value);
    expect(fast.ci[0]).to.be.closeTo(generic.ci[0], 1e-12);
    expect(fast.ci[1]).to.be.closeTo(generic.ci[1], 1e-12);
  });

  it('narrows the interval as the confidence level falls', () => {
    const { y, pred } = synthetic(200, 0.8, new Rng(3));
    const wide = evaluatePredictions(y, pred, 3, { ciLevel: 0.99, resamples: 1000, seed: 1 }).quality.accuracy.ci;
    const narrow = evaluatePredictions(y, pred, 3, { ciLevel: 0.8, resamples: 1000, seed: 1 }).quality.accuracy.ci;
    expect(narrow[1] - narrow[0]).to.be.lessThan(wide[1] - wide[0]);
  });
});
