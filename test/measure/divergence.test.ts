import { expect } from 'chai';
import { agreementFigures } from '../../harness/measure/agreement.js';
import { bootstrapMean } from '../../harness/measure/bootstrap.js';
import { divergence, divergenceRows, KL_EPS } from '../../harness/measure/divergence.js';

const f32 = (...v: number[]) => Float32Array.from(v);
const opts = { resamples: 200, level: 0.95, seed: 3 };

describe('measure/divergence', () => {
  it('computes per-row KL(original ‖ variant) and total variation by hand', () => {
    const rows = divergenceRows(f32(0.5, 0.25, 0.25), f32(0.25, 0.25, 0.5), 3);
    // KL = 0.5 ln(0.5/0.25) + 0.25 ln(0.25/0.25) + 0.25 ln(0.25/0.5) = 0.25 ln 2; TV = ½ (0.25 + 0 + 0.25).
    expect(rows.kl[0]).to.be.closeTo(0.25 * Math.log(2), 1e-12);
    expect(rows.tv[0]).to.equal(0.25);
  });

  it('clips a zero variant probability at KL_EPS and skips zero original probabilities', () => {
    const rows = divergenceRows(f32(1, 0, 0.5, 0.5), f32(0, 1, 0.25, 0.75), 2);
    expect(rows.kl[0]).to.be.closeTo(Math.log(1 / KL_EPS), 1e-9);
    expect(rows.tv[0]).to.equal(1);
    expect(rows.kl[1]).to.be.closeTo(0.5 * Math.log(4 / 3), 1e-12);
    expect(rows.tv[1]).to.equal(0.25);
  });

  it('averages the rows, with a bootstrap interval that brackets the mean', () => {
    const d = divergence(f32(1, 0, 0.5, 0.5, 0.2, 0.8), f32(0, 1, 0.25, 0.75, 0.2, 0.8), 2, opts);
    expect(d.kl.value).to.be.closeTo((Math.log(1 / KL_EPS) + 0.5 * Math.log(4 / 3)) / 3, 1e-9);
    expect(d.tv.value).to.be.closeTo(1.25 / 3, 1e-12);
    expect(d.kl.ci[0]).to.be.at.most(d.kl.value);
    expect(d.kl.ci[1]).to.be.at.least(d.kl.value);
    expect(d.tv.ci[0]).to.be.below(d.tv.ci[1]);
  });

  it('gives the same KL and TV figures as the label-free agreement of probability outputs', () => {
    const ref = f32(...Array.from({ length: 40 }, (_, i) => (i % 2 ? 0.7 : 0.3)));
    const variant = f32(...Array.from({ length: 40 }, (_, i) => (i % 6 < 2 ? 0.5 : i % 2 ? 0.9 : 0.1)));
    const d = divergence(ref, variant, 2, opts);
    const a = agreementFigures(ref, variant, 2, opts);
    expect(a.kl).to.deep.equal(d.kl);
    expect(a.tv).to.deep.equal(d.tv);
  });

  it('refuses outputs that are not the same whole rows', () => {
    expect(() => divergenceRows(f32(0.5, 0.5), f32(1), 2)).to.throw('rows of 2');
    expect(() => divergenceRows(f32(0.5, 0.5, 1), f32(0.5, 0.5, 1), 2)).to.throw('rows of 2');
  });

  it('bootstraps a mean: the value is the plain mean, equal values give a zero-width interval', () => {
    const m = bootstrapMean(Float64Array.of(1, 2, 3, 6), opts);
    expect(m.value).to.equal(3);
    expect(m.ci[0]).to.be.within(1, 3);
    expect(m.ci[1]).to.be.within(3, 6);
    expect(bootstrapMean(Float64Array.of(2, 2, 2), opts)).to.deep.equal({ value: 2, ci: [2, 2] });
    expect(bootstrapMean(new Float64Array(0), opts)).to.deep.equal({ value: 0, ci: [0, 0] });
  });
});
