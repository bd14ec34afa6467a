import { expect } from 'chai';
import { inputError } from '../helpers/errors.js';
import { LISTOPS_VOCAB, evaluateListOps, listopsDepth, listopsSettings, loadListops } from '../../harness/data/listops.js';
import type { Dataset } from '../../harness/data/types.js';

const load = (extra: Record<string, unknown> = {}, seed = 1): Dataset =>
  loadListops(listopsSettings.parse({ trainSize: 200, testSize: 50, ...extra }), seed);

/** The tokens of row `i` of a split, padding removed. */
function rowTokens(ds: Dataset, part: 'train' | 'test', i: number): string[] {
  const len = ds.inputShape[0];
  return Array.from(ds[part].x.subarray(i * len, (i + 1) * len))
    .filter((id) => id !== 0)
    .map((id) => ds.featureNames[id]);
}

describe('data/listops', () => {
  it('evaluates [MAX 2 9 [MIN 4 7 ] 0 ] to 9', () => {
    expect(evaluateListOps('[MAX 2 9 [MIN 4 7 ] 0 ]')).to.equal(9);
  });

  it('evaluates [SM 5 7 ] to 2 (sum mod 10)', () => {
    expect(evaluateListOps('[SM 5 7 ]')).to.equal(2);
  });

  it('evaluates [MED 1 9 5 ] to 5', () => {
    expect(evaluateListOps('[MED 1 9 5 ]')).to.equal(5);
  });

  it('takes the floor of the mean of the middle two for an even-length median', () => {
    expect(evaluateListOps('[MED 8 1 2 3 ]')).to.equal(2);
  });

  it('evaluates nested operators inside out', () => {
    expect(evaluateListOps('[SM [MAX 3 4 ] [MIN 8 9 ] [MED 1 2 6 ] ]')).to.equal(4);
  });

  it('rejects unbalanced or unknown tokens', () => {
    expect(() => evaluateListOps('[MAX 1 2')).to.throw(/incomplete/);
    expect(() => evaluateListOps('[MAX 1 2 ] ]')).to.throw();
    expect(() => evaluateListOps('[AVG 1 2 ]')).to.throw(/unknown token/);
  });

  it('measures bracket depth', () => {
    expect(listopsDepth('[MAX 2 9 [MIN 4 7 ] 0 ]'.split(' '))).to.equal(2);
    expect(listopsDepth(['7'])).to.equal(0);
  });

  it('labels every row with the value of its expression', () => {
    const ds = load();
    for (let i = 0; i < ds.train.n; i++) expect(ds.train.y[i]).to.equal(evaluateListOps(rowTokens(ds, 'train', i)));
  });

  it('keeps every expression within minDepth..maxDepth and maxLength', () => {
    const ds = load({ minDepth: 3, maxDepth: 4, maxLength: 40 });
    for (let i = 0; i < ds.train.n; i++) {
      const tokens = rowTokens(ds, 'train', i);
      expect(listopsDepth(tokens)).to.be.within(3, 4);
      expect(tokens.length).to.be.at.most(40);
    }
  });

  it('pads each row after the expression with id 0', () => {
    const ds = load({ maxLength: 30 });
    const row = Array.from(ds.train.x.subarray(0, 30));
    const end = row.indexOf(0);
    expect(end).to.be.greaterThan(3);
    expect(row.slice(end).every((id) => id === 0)).to.equal(true);
    expect(ds.featureNames[row[end - 1]]).to.equal(']');
  });

  it('describes token input with the ListOps vocabulary and the ten digits as classes', () => {
    const ds = load({ maxLength: 32 });
    expect(ds.inputKind).to.equal('tokens');
    expect(ds.inputShape).to.deep.equal([32]);
    expect(ds.vocabSize).to.equal(16);
    expect(ds.featureNames).to.deep.equal([...LISTOPS_VOCAB]);
    expect(ds.classNames).to.deep.equal(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('gives the same arrays and hash for the same seed', () => {
    const a = load({}, 7);
    const b = load({}, 7);
    expect(Array.from(a.train.x)).to.deep.equal(Array.from(b.train.x));
    expect(Array.from(a.test.y)).to.deep.equal(Array.from(b.test.y));
    expect(a.hash).to.equal(b.hash);
  });

  it('gives different arrays and hash for a different seed', () => {
    const a = load({}, 7);
    const b = load({}, 8);
    expect(Array.from(a.train.x)).to.not.deep.equal(Array.from(b.train.x));
    expect(a.hash).to.not.equal(b.hash);
  });

  it('keeps the training part when only testSize changes', () => {
    const a = load({ testSize: 10 });
    const b = load({ testSize: 20 });
    expect(Array.from(a.train.x)).to.deep.equal(Array.from(b.train.x));
  });

  it('rejects minDepth above maxDepth and a maxLength too short for minDepth', () => {
    expect(listopsSettings.safeParse({ minDepth: 4, maxDepth: 3 }).success).to.equal(false);
    expect(listopsSettings.safeParse({ minDepth: 3, maxDepth: 3, maxLength: 9 }).success).to.equal(false);
  });

  it('fails with an InputError when expressions almost never fit', () => {
    inputError(() => load({ minDepth: 6, maxDepth: 6, maxArgs: 20, maxLength: 19 }), 'listops-length');
  });
});
