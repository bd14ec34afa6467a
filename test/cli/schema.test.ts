import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SCHEMA_FILE, suiteSchemaText } from '../../harness/cli/schema.js';
import { methods } from '../../harness/methods/index.js';
import { suiteJsonSchema } from '../../harness/suite/json-schema.js';
import { ROOT } from '../helpers/paths.js';

type Json = Record<string, unknown>;
const variants = (): Json[] => ((suiteJsonSchema().properties as Json).variants as { items: { anyOf: Json[] } }).items.anyOf;

describe('cli/schema', () => {
  it(`matches the committed ${SCHEMA_FILE} (regenerate: node dist/harness/cli/main.js schema --out ${SCHEMA_FILE})`, () => {
    const committed = readFileSync(join(ROOT, SCHEMA_FILE), 'utf8');
    expect(
      committed === suiteSchemaText(),
      `${SCHEMA_FILE} is out of date with the code; regenerate it with 'slimbench schema --out ${SCHEMA_FILE}'`,
    ).to.equal(true);
  });

  it('has one variant shape per registered method plus the sensitivity shape', () => {
    const consts = variants()
      .map((v) => ((v.properties as Json).method as Json | undefined)?.const)
      .filter(Boolean);
    expect(consts).to.deep.equal(Object.keys(methods));
    expect(variants().some((v) => 'sensitivity' in (v.properties as Json))).to.equal(true);
  });

  it('lets every method setting take a value or a list of values', () => {
    const prune = variants().find((v) => ((v.properties as Json).method as Json).const === 'prune')!;
    const sparsity = (((prune.properties as Json).settings as Json).properties as Json).sparsity as { anyOf: Json[] };
    expect(sparsity.anyOf.map((a) => a.type)).to.deep.equal(['number', 'array']);
    expect((sparsity.anyOf[1].items as Json).maximum).to.equal(0.99);
  });

  it('points every example suite at the committed schema', () => {
    const dir = join(ROOT, 'suites');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      const first = readFileSync(join(dir, name), 'utf8').split('\n')[0];
      const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(m, `${name}: first line should be '# yaml-language-server: $schema=./suite.schema.json'`).to.not.equal(null);
      expect(resolve(dirname(join(dir, name)), m![1])).to.equal(join(ROOT, SCHEMA_FILE));
    }
  });
});
