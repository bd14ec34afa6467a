import { expect } from 'chai';
import { getMethod } from '../../harness/methods/index.js';
import { getArch } from '../../harness/models/index.js';
import { getDataSource } from '../../harness/data/index.js';
import { fixture } from '../helpers/paths.js';
import { inputErrorOf, suiteOf, writeSuite } from '../helpers/suite.js';
import { loadSuite } from '../../harness/suite/load.js';
import { inputError } from '../helpers/errors.js';

// Names of Object.prototype members, found by test/fuzz/suite.test.ts: each crashed validation.
const TINY = `file: ${JSON.stringify(fixture('suites/tiny.csv'))}`;

describe('suite: names that are Object.prototype members', () => {
  it('rejects a dataset source named constructor with the list of sources', () => {
    const file = writeSuite(`name: t\ndataset: {source: constructor, ${TINY}}\nmodel: {arch: mlp}\nvariants: []\n`);
    expect(inputErrorOf(() => loadSuite(file))).to.match(/unknown dataset source 'constructor'.*valid dataset sources: csv/);
  });

  it('rejects an architecture named toString with the list of architectures', () => {
    const file = writeSuite(`name: t\ndataset: {source: csv, ${TINY}, label: label}\nmodel: {arch: toString}\nvariants: []\n`);
    expect(inputErrorOf(() => loadSuite(file))).to.match(/unknown architecture 'toString'.*valid architectures: .*mlp/);
  });

  it('rejects a variant method named __proto__ with the list of methods', () => {
    expect(inputErrorOf(() => suiteOf('variants:\n  - {name: v, method: __proto__}'))).to.match(
      /unknown method '__proto__'.*valid methods: .*prune/,
    );
  });

  it('rejects a pipeline step method named hasOwnProperty', () => {
    expect(
      inputErrorOf(() => suiteOf('variants:\n  - {name: v, method: pipeline, settings: {steps: [{method: hasOwnProperty}]}}')),
    ).to.include("unknown method 'hasOwnProperty'");
  });

  it('reports a setting named constructor as an unknown key of the method', () => {
    expect(
      inputErrorOf(() => suiteOf('variants:\n  - {name: v, method: prune, settings: {sparsity: 0.5, constructor: [1, 2]}}')),
    ).to.include("unknown key 'constructor'");
  });

  it('throws an InputError from the registry lookups for valueOf', () => {
    expect(inputError(() => getMethod('valueOf')).code).to.equal('unknown-method');
    expect(inputError(() => getArch('valueOf')).code).to.equal('unknown-arch');
    expect(inputError(() => getDataSource('valueOf')).code).to.equal('unknown-dataset');
  });
});

describe('suite: YAML aliases', () => {
  // Found by test/fuzz/suite.test.ts: an alias with no anchor crashed validate (exit 4).
  it('rejects an alias whose anchor is not defined, naming the file', () => {
    const file = writeSuite('<<: *a\nname: x\n');
    expect(inputErrorOf(() => loadSuite(file))).to.match(/suite\.yaml: YAML error: Unresolved alias.*define each anchor/);
  });
});
