import { expect } from 'chai';
import { pairedDifference } from '../../harness/measure/paired-diff.js';

const i32 = (a: number[]) => Int32Array.from(a);
const opts = { resamples: 200, level: 0.95, seed: 3 };

describe('measure/paired-diff', () => {
  it('gives the accuracy difference, the flips and their McNemar p', () => {
    const d = pairedDifference(i32([0, 1, 0, 1]), 2, i32([0, 1, 1, 1]), i32([0, 0, 0, 0]), opts);
    expect(d.metrics.accuracy.value).to.be.closeTo(0.25, 1e-12);
    expect(d.flips).to.deep.equal({ rightToWrong: 1, wrongToRight: 2 });
    expect(d.mcnemarP).to.equal(1);
    expect(d.metrics.accuracy.ci[0]).to.be.at.most(0.25);
    expect(d.metrics.accuracy.ci[1]).to.be.at.least(0.25);
  });

  it('gives a zero-width interval at 0 for identical predictions (the pairing cancels resampling noise)', () => {
    const p = i32([0, 1, 1, 0, 2, 2]);
    const d = pairedDifference(i32([0, 1, 2, 0, 2, 1]), 3, p, p, opts);
    expect(d.metrics.f1Macro).to.deep.equal({ value: 0, ci: [0, 0] });
    expect(d.mcnemarP).to.equal(1);
  });
});
