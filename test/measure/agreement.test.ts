import { expect } from 'chai';
import { agreementFigures, agreementRows, isProbabilityRows } from '../../harness/measure/agreement.js';

const f32 = (...v: number[]) => Float32Array.from(v);
const opts = { resamples: 200, level: 0.95, seed: 1 };

describe('measure/agreement', () => {
  it('counts top-1 agreement per row', () => {
    const rows = agreementRows(f32(0.7, 0.2, 0.1, 0.1, 0.3, 0.6), f32(0.5, 0.4, 0.1, 0.6, 0.3, 0.1), 3);
    expect(Array.from(rows.fidelity!)).to.deep.equal([1, 0]);
  });

  it('computes KL(original ‖ variant) and total variation of probability rows', () => {
    const rows = agreementRows(f32(0.5, 0.5), f32(0.25, 0.75), 2);
    // KL = 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = 0.5 ln(4/3); TV = ½ (0.25 + 0.25).
    expect(rows.kl![0]).to.be.closeTo(0.5 * Math.log(4 / 3), 1e-6);
    expect(rows.tv![0]).to.be.closeTo(0.25, 1e-6);
    expect(rows.mse).to.equal(undefined);
  });

  it('measures the overlap of the top-k classes', () => {
    const rows = agreementRows(f32(0.4, 0.3, 0.2, 0.1), f32(0.4, 0.1, 0.3, 0.2), 4, 2);
    // original's top 2: {0, 1}; variant's: {0, 2} → half overlap.
    expect(rows.topKOverlap![0]).to.equal(0.5);
  });

  it('uses mean squared error for outputs that are not probabilities', () => {
    const rows = agreementRows(f32(2, -1), f32(1, 1), 2);
    expect(rows.mse![0]).to.equal((1 + 4) / 2);
    expect(rows.kl).to.equal(undefined);
  });

  it('tells probability rows from logits', () => {
    expect(isProbabilityRows(f32(0.2, 0.8, 1, 0), 2)).to.equal(true);
    expect(isProbabilityRows(f32(2, -1), 2)).to.equal(false);
  });

  it('gives identical outputs full agreement, zero divergence and a zero-width interval', () => {
    const p = f32(0.7, 0.3, 0.4, 0.6, 0.1, 0.9);
    const a = agreementFigures(p, p, 2, opts);
    expect(a.fidelity).to.deep.equal({ value: 1, ci: [1, 1] });
    expect(a.kl!.value).to.equal(0);
    expect(a.tv!.ci).to.deep.equal([0, 0]);
  });

  it('brackets the mean agreement with its bootstrap interval', () => {
    const ref = f32(...Array.from({ length: 40 }, (_, i) => (i % 2 ? 0.8 : 0.2)));
    const variant = f32(...Array.from({ length: 40 }, (_, i) => (i % 8 < 2 ? 0.9 : i % 2 ? 0.8 : 0.2)));
    const a = agreementFigures(ref, variant, 2, opts);
    expect(a.fidelity.value).to.equal(15 / 20);
    expect(a.fidelity.ci[0]).to.be.below(0.75);
    expect(a.fidelity.ci[1]).to.be.above(0.75);
  });
});
