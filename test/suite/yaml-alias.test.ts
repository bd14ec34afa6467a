import { expect } from 'chai';
import { loadSuite } from '../../harness/suite/load.js';
import { inputErrorOf, writeSuite } from '../helpers/suite.js';

describe('suite: YAML aliases', () => {
  // Found by test/fuzz/suite.test.ts: an alias with no anchor crashed validate (exit 4).
  it('rejects an alias whose anchor is not defined, naming the file', () => {
    const file = writeSuite('<<: *a\nname: x\n');
    expect(inputErrorOf(() => loadSuite(file), 'suite-yaml')).to.match(/suite\.yaml: YAML error: Unresolved alias.*define each anchor/);
  });
});
