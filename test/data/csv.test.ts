import { expect } from 'chai';
import { csvSettings, loadCsv } from '../../harness/data/csv.js';
import { inputError } from '../helpers/errors.js';
import { fixture } from '../helpers/paths.js';

const load = (file: string, extra: Record<string, unknown> = {}) =>
  loadCsv(csvSettings.parse({ file: fixture(`csv/${file}`), label: 'label', testFraction: 0.34, ...extra }), 1);

describe('data/csv', () => {
  it('loads a UTF-8 BOM and CRLF file exactly like the plain file', () => {
    const plain = load('plain.csv');
    const bom = load('bom-crlf.csv');
    expect(bom.featureNames).to.deep.equal(['a', 'b']);
    expect(Array.from(bom.train.x)).to.deep.equal(Array.from(plain.train.x));
    expect(Array.from(bom.test.y)).to.deep.equal(Array.from(plain.test.y));
    expect(bom.classNames).to.deep.equal(plain.classNames);
  });

  it('fits standardisation on the training split only', () => {
    const ds = load('plain.csv');
    const d = 2;
    for (let f = 0; f < d; f++) {
      let sum = 0;
      for (let i = 0; i < ds.train.n; i++) sum += ds.train.x[i * d + f];
      expect(sum / ds.train.n).to.be.closeTo(0, 1e-6);
    }
  });

  it('keeps raw values when standardize is false', () => {
    const ds = load('plain.csv', { standardize: false });
    const all = [...ds.train.x, ...ds.test.x].sort((a, b) => a - b);
    expect(all).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('rejects a ragged row naming the file and line', () => {
    const err = inputError(() => load('ragged.csv'), 'csv-ragged-row');
    expect(err.message).to.match(/ragged\.csv:3: row has 2 fields but the header has 3/);
  });

  it('rejects a non-numeric feature naming the line and column', () => {
    const err = inputError(() => load('non-numeric.csv'), 'csv-not-numeric');
    expect(err.message).to.match(/non-numeric\.csv:3: column 'b' has the non-numeric value 'four'/);
  });

  it('rejects an empty file', () => {
    expect(inputError(() => load('empty.csv'), 'csv-empty').message).to.match(/empty\.csv: the file is empty/);
  });

  it('rejects a header with no rows', () => {
    expect(inputError(() => load('header-only.csv'), 'csv-no-rows').message).to.match(/header-only\.csv:1: the file has a header but no data rows/);
  });

  it('rejects a missing label column and lists the columns found', () => {
    expect(inputError(() => load('no-label.csv'), 'csv-no-label').message).to.match(/no-label\.csv:1: no label column 'label'; columns found: a, b, class/);
  });

  it('fails on missing values unless the suite says how to treat them', () => {
    const err = inputError(() => load('missing.csv'), 'csv-missing-value');
    expect(err.message).to.match(/missing\.csv:3: column 'b' has a missing value \('NA'\).*'drop' or 'impute-mean'/);
  });

  it('drops rows with missing values when asked', () => {
    const ds = load('missing.csv', { missing: 'drop' });
    expect(ds.train.n + ds.test.n).to.equal(6);
  });

  it('imputes the training mean when asked', () => {
    const ds = load('missing.csv', { missing: 'impute-mean', standardize: false });
    expect(ds.train.n + ds.test.n).to.equal(8);
    const values = [...ds.train.x, ...ds.test.x];
    expect(values.every(Number.isFinite)).to.equal(true);
  });

  it('rejects a missing file with a hint about relative paths', () => {
    expect(inputError(() => load('nope.csv'), 'csv-missing').message).to.match(/cannot read the CSV file/);
  });
});
