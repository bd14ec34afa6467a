import { expect } from 'chai';
import { runCli } from '../helpers/cli.js';
import { tinyHead, writeSuite } from '../helpers/suite.js';
import { datasets } from '../../harness/data/index.js';
import { methodSpecs } from '../../harness/methods/specs.js';
import { archSpecs } from '../../harness/models/specs.js';

/** Names every plain object inherits (`toString`, `constructor`, `__proto__`, ...). */
const INHERITED = Object.getOwnPropertyNames(Object.prototype);

const variant = (method: string) =>
  ['variants:', '  - name: v', `    method: ${JSON.stringify(method)}`, '    settings: {sparsity: 0.5}'].join('\n');
const head = tinyHead('prototype-names');

/** Where a name goes in a suite, the suite text with it, and the valid names the error must list. */
const PLACES: { place: string; suite: (name: string) => string; valid: string[] }[] = [
  { place: 'method', suite: (n) => `${head}\n${variant(n)}\n`, valid: Object.keys(methodSpecs) },
  {
    place: 'dataset.source',
    suite: (n) => `${head.replace('source: csv', `source: ${JSON.stringify(n)}`)}\n${variant('prune')}\n`,
    valid: Object.keys(datasets),
  },
  {
    place: 'model.arch',
    suite: (n) =>
      `${head.replace('arch: mlp', `arch: ${JSON.stringify(n)}`).replace('  settings: {hidden: [8]}\n', '')}\n${variant('prune')}\n`,
    valid: Object.keys(archSpecs),
  },
  {
    place: 'pipeline step',
    suite: (n) => `${head}\nvariants:\n  - name: v\n    method: pipeline\n    settings:\n      steps: [{method: ${JSON.stringify(n)}}]\n`,
    valid: Object.keys(methodSpecs),
  },
];

describe('e2e: names Object.prototype defines, used as registry names', function () {
  this.timeout(120_000);

  for (const p of PLACES) {
    it(`makes validate exit 2 listing the valid names for each such name as ${p.place}`, async () => {
      // One process validates all twelve suites: each gets its own error, and a crash on any exits 4.
      const files = INHERITED.map((n) => writeSuite(p.suite(n)));
      const { code, stdout, stderr } = await runCli(['validate', ...files]);
      expect(code, stderr).to.equal(2);
      expect(stdout).to.equal('');
      INHERITED.forEach((name, i) => {
        const lines = stderr.split('\n').filter((l) => l.startsWith(`${files[i]}:`));
        expect(lines, `${name}: ${stderr}`).to.have.length(1);
        expect(lines[0], name).to.match(/^\S+\.yaml:\d+:\d+ /);
        expect(lines[0], name).to.include(`'${name}'`);
        expect(lines[0], name).to.include(p.valid.join(', '));
      });
    });
  }
});
