import { expect } from 'chai';
import { klTopK, meanKl, perplexity, topK } from '../../harness/measure/llm-kl.js';

describe('measure/llm-kl', () => {
  it('is zero for equal distributions', () => {
    const p = new Map([
      [1, 0.5],
      [2, 0.5],
    ]);
    expect(klTopK(p, new Map(p))).to.equal(0);
  });

  it('matches the closed form on a full two-token vocabulary', () => {
    const kl = klTopK(
      new Map([
        [1, 0.5],
        [2, 0.5],
      ]),
      new Map([
        [1, 0.9],
        [2, 0.1],
      ]),
    );
    expect(kl).to.be.closeTo(0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.5 / 0.1), 1e-12);
  });

  it('puts the mass outside the shared top-k into one bucket', () => {
    // p: a 0.6, b 0.3 (rest 0.1); q lists only a 0.2 (rest 0.8): buckets {a} and rest.
    const kl = klTopK(
      new Map([
        ['a', 0.6],
        ['b', 0.3],
      ]),
      new Map([['a', 0.2]]),
    );
    expect(kl).to.be.closeTo(0.6 * Math.log(0.6 / 0.2) + 0.4 * Math.log(0.4 / 0.8), 1e-12);
  });

  it('averages over positions and is null without any', () => {
    const p = new Map([[1, 1]]);
    expect(
      meanKl([
        [p, p],
        [p, p],
      ]),
    ).to.equal(0);
    expect(meanKl([])).to.equal(null);
  });

  it('keeps the k most probable entries', () => {
    expect([
      ...topK(
        new Map([
          [1, 0.1],
          [2, 0.7],
          [3, 0.2],
        ]),
        2,
      ).keys(),
    ]).to.deep.equal([2, 3]);
  });

  it('gives a perplexity of 4 to tokens of probability 1/4', () => {
    expect(perplexity([Math.log(0.25), Math.log(0.25)])).to.be.closeTo(4, 1e-12);
  });
});
