import { expect } from 'chai';
import { csvSettings, loadCsv } from '../../harness/data/csv.js';
import { inputError } from '../helpers/errors.js';
import { fixture, ROOT } from '../helpers/paths.js';

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

  it('names categorical and ignore as the fix for a non-numeric column', () => {
    const err = inputError(() => load('categories.csv'), 'csv-not-numeric');
    expect(err.message).to.match(/column 'colour' has the non-numeric value 'red'.*'categorical'.*'ignore'/);
  });

  it('rejects an empty file', () => {
    expect(inputError(() => load('empty.csv'), 'csv-empty').message).to.match(/empty\.csv: the file is empty/);
  });

  it('rejects a header with no rows', () => {
    expect(inputError(() => load('header-only.csv'), 'csv-no-rows').message).to.match(
      /header-only\.csv:1: the file has a header but no data rows/,
    );
  });

  it('rejects a missing label column and lists the columns found', () => {
    expect(inputError(() => load('no-label.csv'), 'csv-no-label').message).to.match(
      /no-label\.csv:1: no label column 'label'; columns found: a, b, class/,
    );
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

  describe('categorical and ignore', () => {
    const cats = (extra: Record<string, unknown> = {}) =>
      load('categories.csv', { categorical: ['colour'], ignore: ['when'], missing: 'impute-mean', standardize: false, ...extra });

    it('one-hot encodes a categorical column with the categories of the training rows, sorted', () => {
      const ds = cats();
      const trainColours = new Set<string>();
      const colourOf = ['red', 'blue', 'red', 'green', 'blue', 'red', 'NA', 'blue'];
      const d = ds.featureNames.length;
      for (let i = 0; i < ds.train.n; i++) trainColours.add(colourOf[ds.train.x[i * d] - 1]);
      trainColours.delete('NA');
      expect(ds.featureNames).to.deep.equal(['size', ...[...trainColours].sort().map((c) => `colour=${c}`)]);
    });

    it('writes a one at the row category and zeros elsewhere', () => {
      const ds = cats();
      const colourOf = ['red', 'blue', 'red', 'green', 'blue', 'red', 'NA', 'blue'];
      const d = ds.featureNames.length;
      for (let i = 0; i < ds.train.n; i++) {
        const colour = colourOf[ds.train.x[i * d] - 1];
        if (colour === 'NA') continue;
        const hot = ds.featureNames.slice(1).map((n) => (n === `colour=${colour}` ? 1 : 0));
        expect(Array.from(ds.train.x.subarray(i * d + 1, (i + 1) * d))).to.deep.equal(hot);
      }
    });

    it('imputes a missing category as the training share of each category', () => {
      const ds = cats({ testFraction: 0.01 });
      // testFraction 0.01 still holds out one row per class; find the NA row (size 7) wherever it is.
      const d = ds.featureNames.length;
      const all = [ds.train, ds.test].flatMap((s) => Array.from({ length: s.n }, (_, i) => Array.from(s.x.subarray(i * d, (i + 1) * d))));
      const train = Array.from({ length: ds.train.n }, (_, i) => Array.from(ds.train.x.subarray(i * d, (i + 1) * d)));
      const known = train.filter((r) => r[0] !== 7);
      const shares = ds.featureNames.slice(1).map((_, j) => known.reduce((a, r) => a + r[j + 1], 0) / known.length);
      const na = all.find((r) => r[0] === 7)!;
      na.slice(1).forEach((v, j) => expect(v).to.be.closeTo(shares[j], 1e-6));
    });

    it('leaves ignored columns out of the features', () => {
      expect(cats().featureNames).to.not.include('when');
    });

    it("with categorical 'auto' treats every non-numeric feature column as categorical", () => {
      const auto = load('categories.csv', { categorical: 'auto', ignore: ['when'], missing: 'impute-mean', standardize: false });
      expect(auto.featureNames).to.deep.equal(cats().featureNames);
    });

    it('rejects a test row with a category the training rows lack, naming the line and the fix', () => {
      const err = inputError(() => load('unseen-category.csv', { categorical: ['colour'] }), 'csv-unseen-category');
      expect(err.message).to.match(
        /unseen-category\.csv:(8|9): column 'colour' has the category '(purple|orange)', which no training row has .*'unseen' to 'zero'/,
      );
    });

    it("encodes an unseen category as all zeros with unseen 'zero'", () => {
      const ds = load('unseen-category.csv', { categorical: ['colour'], unseen: 'zero', standardize: false });
      const d = ds.featureNames.length;
      const z = ds.classNames.indexOf('z');
      const row = Array.from({ length: ds.test.n }, (_, i) => i).find((i) => ds.test.y[i] === z)!;
      expect(Array.from(ds.test.x.subarray(row * d + 1, (row + 1) * d))).to.deep.equal(new Array(d - 1).fill(0));
    });

    it('rejects a categorical column the file does not have', () => {
      expect(inputError(() => load('categories.csv', { categorical: ['shade'] }), 'csv-no-column').message).to.match(
        /categories\.csv:1: no 'categorical' column 'shade'; columns found: size, colour, when, label/,
      );
    });

    it('rejects a column listed both as categorical and ignored', () => {
      expect(inputError(() => load('categories.csv', { categorical: ['when'], ignore: ['when'] }), 'csv-column-conflict').message).to.match(
        /'when' is both in 'categorical' and in 'ignore'/,
      );
    });
  });

  describe('the committed example tables', () => {
    const real = (file: string, extra: Record<string, unknown>) =>
      loadCsv(csvSettings.parse({ file: `${ROOT}datasets/${file}`, ...extra }), 1);

    it('loads the penguins table with its two string columns categorical and NA values imputed', () => {
      const ds = real('penguins.csv', { label: 'Species', categorical: ['Island', 'Sex'], missing: 'impute-mean', unseen: 'zero' });
      expect(ds.classNames).to.deep.equal(['Adelie', 'Chinstrap', 'Gentoo']);
      expect(ds.train.n + ds.test.n).to.equal(344);
      expect(ds.featureNames.filter((n) => n.startsWith('Island='))).to.deep.equal(['Island=Biscoe', 'Island=Dream', 'Island=Torgersen']);
      expect([...ds.train.x, ...ds.test.x].every(Number.isFinite)).to.equal(true);
    });

    it('loads the Seattle weather table with its date column ignored', () => {
      const ds = real('seattle-weather.csv', { label: 'weather', ignore: ['date'] });
      expect(ds.featureNames).to.deep.equal(['precipitation', 'temp_max', 'temp_min', 'wind']);
      expect(ds.classNames).to.deep.equal(['drizzle', 'fog', 'rain', 'snow', 'sun']);
      expect(ds.train.n + ds.test.n).to.equal(1461);
    });
  });
});
