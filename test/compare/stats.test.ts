import { expect } from 'chai';
import { benjaminiHochberg, erfc, twoProportionP } from '../../harness/compare/stats.js';

describe('compare statistics', () => {
  it('erfc matches reference values to 1e-7', () => {
    expect(erfc(1)).to.be.closeTo(0.157299207050285, 1e-7);
    expect(erfc(-0.5)).to.be.closeTo(1.520499877813047, 1e-7);
  });

  it('the two-proportion test gives the pooled z-test p-value', () => {
    // 920/1000 vs 890/1000: pooled 0.905, z = 2.2878, p = 0.0221485
    expect(twoProportionP(920, 1000, 890, 1000)).to.be.closeTo(0.0221485, 1e-6);
  });

  it('the two-proportion test of equal proportions is 1', () => {
    expect(twoProportionP(500, 1000, 500, 1000)).to.equal(1);
  });

  it('Benjamini–Hochberg adjusts p-values as R p.adjust(method = "BH") does', () => {
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005])).to.deep.equal([0.02, 0.04, 0.04, 0.02]);
  });

  it('Benjamini–Hochberg caps adjusted p-values at 1', () => {
    expect(benjaminiHochberg([0.9, 1, 0.8])).to.deep.equal([1, 1, 1]);
  });
});
