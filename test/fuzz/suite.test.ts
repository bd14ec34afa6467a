import fc from 'fast-check';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/cli-inproc.js';
import { fixture, ROOT } from '../helpers/paths.js';
import { expectClean, params, Tally } from './check.js';
import { applyEdits, applyTextEdit, edits, textEdit, type Json } from './mutate.js';

const tmp = mkdtempSync(join(tmpdir(), 'sb-fuzz-suite-'));
// Cells write their artifacts below the cache folder even with --no-cache.
const CACHE = join(tmp, 'cache');
const suitesDir = join(tmp, 'suites');
mkdirSync(suitesDir);
// The real suites name ../datasets/...; the copies find the same files from the temp folder.
symlinkSync(join(ROOT, 'datasets'), join(tmp, 'datasets'));
copyFileSync(fixture('suites/tiny.csv'), join(suitesDir, 'tiny.csv'));

const bases = [
  ...readdirSync(join(ROOT, 'suites'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(ROOT, 'suites', f), 'utf8')),
  readFileSync(fixture('suites/tiny.yaml'), 'utf8'),
];
const tiny = bases.length - 1;

/** A mutated suite text: tree edits of a parsed base suite, or a text edit of its source. */
const mutatedSuite = (only?: number) =>
  fc
    .tuple(
      only === undefined ? fc.nat(bases.length - 1) : fc.constant(only),
      fc.oneof(
        edits(3).map((e) => ({ tree: e })),
        textEdit.map((t) => ({ text: t })),
      ),
    )
    .map(([i, m]) => ('tree' in m ? stringify(applyEdits(parse(bases[i]) as Json, m.tree)) : applyTextEdit(bases[i], m.text)));

let n = 0;
function writeCase(text: string): string {
  const file = join(suitesDir, `case-${n++}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe('fuzz: mutated suite files', function () {
  this.timeout(120_000);
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('validate ends every mutated suite with exit 0 or 2 and no stack trace', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(mutatedSuite(), async (text) => {
        const file = writeCase(text);
        expectClean(tally.add(await cliInProcess(['validate', file])), suitesDir, text, [0, 2]);
        rmSync(file);
      }),
      params(20261201, 400),
    );
    tally.expectSeen([0, 2]);
  });

  it('run --quick ends every mutated tiny suite with exit 0, 1 or 2 and a clean results folder', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(mutatedSuite(tiny), async (text) => {
        const file = writeCase(text);
        const out = join(tmp, `out-${n}`);
        expectClean(
          tally.add(await cliInProcess(['run', file, '--quick', '--no-cache', '--cache-dir', CACHE, '--workers', '1', '--out', out])),
          out,
          text,
          [0, 1, 2],
        );
      }),
      params(7, 15),
    );
    tally.expectSeen([0, 2]);
  });

  it('the real CLI validates mutated suites without a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedSuite(), async (text) => {
        expectClean(await runCli(['validate', writeCase(text)]), suitesDir, text, [0, 2]);
      }),
      params(3, 2),
    );
  });
});
