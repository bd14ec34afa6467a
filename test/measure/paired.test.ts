import { expect } from 'chai';
import { mcnemarExact, pairedFigures } from '../../harness/measure/paired.js';

describe('paired figures', () => {
  it('matches the exact binomial McNemar p for b = 1, c = 9', () => {
    // P(X <= 1) for X ~ Binomial(10, 1/2) is (1 + 10) / 1024; two-sided doubles it.
    expect(mcnemarExact(1, 9)).to.equal(0.021484375);
    expect(mcnemarExact(9, 1)).to.equal(0.021484375);
  });

  it('agrees between the direct and the log-space computation around n = 1000', () => {
    // n = 1000 is summed directly, n = 1002 in log space; reference values from exact integer sums.
    expect(mcnemarExact(470, 530)).to.be.closeTo(0.0620232, 1e-6);
    expect(mcnemarExact(471, 531)).to.be.closeTo(0.0622845, 1e-6);
  });

  it('gives p = 1 without discordant pairs and caps p at 1', () => {
    expect(mcnemarExact(0, 0)).to.equal(1);
    expect(mcnemarExact(5, 5)).to.equal(1);
  });

  it('counts flips in both directions and the agreement share', () => {
    const y = [0, 0, 1, 1, 2];
    const original = [0, 1, 1, 1, 2];
    const variant = [0, 0, 0, 2, 2];
    const p = pairedFigures(y, original, variant);
    expect(p.rightToWrong).to.equal(2);
    expect(p.wrongToRight).to.equal(1);
    expect(p.fidelity).to.be.closeTo(2 / 5, 1e-12);
    expect(p.mcnemarP).to.equal(mcnemarExact(2, 1));
  });
});
