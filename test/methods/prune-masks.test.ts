import { expect } from 'chai';
import {
  globalMagnitudeMasks,
  magnitudeMask,
  nmMask,
  parsePattern,
  polynomialSparsity,
  smallestMask,
} from '../../harness/methods/prune-masks.js';

describe('methods/prune-masks', () => {
  it('prunes the smallest magnitudes and breaks ties by position', () => {
    const values = Float32Array.from([0.5, -0.1, 0.1, 0.1, -2]);
    expect(Array.from(magnitudeMask(values, 0.4))).to.deep.equal([1, 0, 0, 1, 1]);
    expect(Array.from(values)).to.deep.equal([0.5, 0, 0, Math.fround(0.1), -2]);
  });

  it('marks exactly k entries for every k', () => {
    const abs = Float32Array.from([3, 1, 1, 1, 2, 0]);
    for (let k = 0; k <= abs.length; k++) expect(Array.from(smallestMask(abs, k)).filter((m) => m === 0)).to.have.length(k);
  });

  it('prunes globally under one threshold across tensors', () => {
    const a = Float32Array.from([0.1, 5, 0.2]);
    const b = Float32Array.from([3, 0.3, 4, 6]);
    const [ma, mb] = globalMagnitudeMasks([a, b], 3 / 7);
    expect(Array.from(ma)).to.deep.equal([0, 1, 0]);
    expect(Array.from(mb)).to.deep.equal([1, 0, 1, 1]);
  });

  it('keeps the N largest of each group of M along the input axis', () => {
    // [6 inputs, 2 outputs]: column 0 groups (0..3) and the short tail (4, 5).
    const v = Float32Array.from([1, -8, 2, 7, -3, 6, 4, 5, 0.5, -1, 9, 2]);
    const mask = nmMask(v, [6, 2], { n: 2, m: 4 });
    expect(Array.from(mask)).to.deep.equal([0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1]);
  });

  it('parses N:M patterns and rejects N >= M', () => {
    expect(parsePattern('2:4')).to.deep.equal({ n: 2, m: 4 });
    expect(parsePattern('5:4')).to.equal(undefined);
    expect(parsePattern('4:4')).to.equal(undefined);
    expect(parsePattern('2-4')).to.equal(undefined);
  });

  it('follows the cubic polynomial decay schedule', () => {
    expect(polynomialSparsity(0, 100, 0, 0.8)).to.equal(0);
    expect(polynomialSparsity(50, 100, 0, 0.8)).to.be.closeTo(0.7, 1e-12);
    expect(polynomialSparsity(25, 100, 0.2, 0.8)).to.be.closeTo(0.8 - 0.6 * 0.421875, 1e-12);
    expect(polynomialSparsity(100, 100, 0, 0.8)).to.equal(0.8);
    expect(polynomialSparsity(150, 100, 0, 0.8)).to.equal(0.8);
  });
});
