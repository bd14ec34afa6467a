import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvSettings, loadCsv } from '../../harness/data/csv.js';
import { inputError } from '../helpers/errors.js';
import { tempDir } from '../compare/helpers.js';

// Files found by test/fuzz/csv.test.ts: each loaded, then failed its cells inside tfjs (exit 3).
const dir = tempDir();
function load(name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return () => loadCsv(csvSettings.parse({ file, label: 'label', testFraction: 0.25 }), 1);
}

describe('data/csv: tables a classifier cannot use', () => {
  it('rejects a label column with a single class, naming it', () => {
    const err = inputError(load('one-class.csv', 'f0,label\n1,a\n2,a\n3,a\n4,a\n'), 'csv-one-class');
    expect(err.message).to.match(
      /one-class\.csv: column 'label' \(the label\) holds the single class 'a'; a classifier needs rows of at least two classes/,
    );
  });

  it('rejects classes of one row each, which leave no test rows', () => {
    const err = inputError(load('one-row-each.csv', 'f0,label\n1,a\n2,b\n3,c\n'), 'csv-too-few-rows');
    expect(err.message).to.include('3 usable rows leave 3 training and 0 test rows (testFraction 0.25)');
  });

  it('rejects a table whose only column is the label', () => {
    expect(inputError(load('label-only.csv', 'label\na\nb\na\nb\n'), 'csv-no-features').message).to.match(
      /label-only\.csv:1: no feature columns besides the label 'label'/,
    );
  });

  it('still loads two classes of two rows each', () => {
    const ds = load('two-by-two.csv', 'f0,label\n1,a\n2,a\n3,b\n4,b\n')();
    expect([ds.train.n, ds.test.n]).to.deep.equal([2, 2]);
  });
});
