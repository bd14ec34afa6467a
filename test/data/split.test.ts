import { expect } from 'chai';
import { stratifiedSplit, stratifiedSubset } from '../../harness/data/split.js';

describe('data/split', () => {
  const labels = Array.from({ length: 100 }, (_, i) => (i < 70 ? 0 : i < 90 ? 1 : 2));

  it('puts no row in both splits and every row in one', () => {
    const { train, test } = stratifiedSplit(labels, 0.2, 3);
    expect(train.filter((r) => test.includes(r))).to.deep.equal([]);
    expect([...train, ...test].sort((a, b) => a - b)).to.deep.equal(labels.map((_, i) => i));
  });

  it('keeps class proportions in the test split', () => {
    const { test } = stratifiedSplit(labels, 0.2, 3);
    const count = (c: number) => test.filter((r) => labels[r] === c).length;
    expect([count(0), count(1), count(2)]).to.deep.equal([14, 4, 2]);
  });

  it('gives the same split for the same seed and another for another seed', () => {
    expect(stratifiedSplit(labels, 0.2, 3)).to.deep.equal(stratifiedSplit(labels, 0.2, 3));
    expect(stratifiedSplit(labels, 0.2, 4).test).to.not.deep.equal(stratifiedSplit(labels, 0.2, 3).test);
  });

  it('subsets rows keeping proportions', () => {
    const rows = labels.map((_, i) => i);
    const sub = stratifiedSubset(rows, labels, 50, 1);
    expect(sub.length).to.equal(50);
    expect(sub.filter((r) => labels[r] === 0).length).to.equal(35);
  });
});
