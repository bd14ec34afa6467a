import { expect } from 'chai';
import fc from 'fast-check';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/cli-inproc.js';
import { fixture } from '../helpers/paths.js';
import { expectClean, params, filesBelow, Tally } from './check.js';
import { applyEdits, applyTextEdit, edits, textEdit, type Json } from './mutate.js';

const tmp = mkdtempSync(join(tmpdir(), 'sb-fuzz-record-'));
// Cells write their artifacts below the cache folder even with --no-cache.
const CACHE = join(tmp, 'cache');
const results = join(tmp, 'results');
const recordDir = join(results, 'tiny');
const shards: string[] = [];
let full = '';

/** The command a mutated record is fed to; `$M` is the mutated record, `$O` the case's out folder. */
const COMMANDS = [
  {
    name: 'compare (as run)',
    args: [
      'compare',
      '$M',
      '--baseline',
      '$FULL',
      '--format',
      'md',
      'junit',
      'json',
      'benchmark-action',
      '--output',
      '$O/c.md',
      '$O/c.xml',
      '$O/c.json',
      '$O/c.bench.json',
    ],
    allowed: [0, 1, 2],
  },
  {
    name: 'compare (as baseline)',
    args: ['compare', '$FULL', '--baseline', '$M', '--format', 'json', '--output', '$O/c.json'],
    allowed: [0, 1, 2],
  },
  { name: 'merge', args: ['merge', '$M', '$SHARD2', '--out', '$O/merged.json'], allowed: [0, 2] },
  { name: 'baseline update', args: ['baseline', 'update', '$M', '--dir', '$O/baselines', '--force'], allowed: [0, 2] },
  { name: 'report', args: ['report', '$M', '--out', '$O/site'], allowed: [0, 2] },
] as const;

let n = 0;
/** Writes the mutated record beside the real ones (so its predictions references resolve) and fills in the arguments. */
function prepare(text: string, command: (typeof COMMANDS)[number]): { args: string[]; out: string } {
  const id = n++;
  const mutated = join(recordDir, `mutated-${id}.json`);
  writeFileSync(mutated, text);
  const out = join(tmp, `out-${id}`);
  mkdirSync(out);
  const fill = (a: string) => a.replace('$M', mutated).replace('$FULL', full).replace('$SHARD2', shards[1]).replace('$O', out);
  return { args: command.args.map(fill), out };
}

const source = (command: (typeof COMMANDS)[number]) => readFileSync(command.name === 'merge' ? shards[0] : full, 'utf8');

/** A mutated record text: tree edits of the parsed record, or a text edit of its JSON. */
const mutation = fc.oneof(
  { weight: 4, arbitrary: edits(3).map((e) => ({ tree: e })) },
  { weight: 1, arbitrary: textEdit.map((t) => ({ text: t })) },
);
const mutate = (text: string, m: { tree: Parameters<typeof applyEdits>[1] } | { text: Parameters<typeof applyTextEdit>[1] }) =>
  'tree' in m ? JSON.stringify(applyEdits(JSON.parse(text) as Json, m.tree)) : applyTextEdit(text, m.text);

describe('fuzz: mutated run records', function () {
  this.timeout(180_000);

  before(async () => {
    copyFileSync(fixture('suites/tiny.yaml'), join(tmp, 'tiny.yaml'));
    copyFileSync(fixture('suites/tiny.csv'), join(tmp, 'tiny.csv'));
    for (const shard of ['1/2', '2/2']) {
      const r = await cliInProcess([
        'run',
        join(tmp, 'tiny.yaml'),
        '--quick',
        '--no-cache',
        '--cache-dir',
        CACHE,
        '--workers',
        '1',
        '--shard',
        shard,
        '--out',
        results,
        '--json',
      ]);
      expect(r.code, r.stderr).to.equal(0);
      shards.push(...(JSON.parse(r.stdout) as { records: string[] }).records);
    }
    full = join(recordDir, 'full.json');
    const r = await cliInProcess(['merge', ...shards, '--out', full]);
    expect(r.code, r.stderr).to.equal(0);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  for (const [i, command] of COMMANDS.entries()) {
    const runs = command.name === 'report' ? 12 : 60;
    it(`${command.name} ends every mutated record with exit ${command.allowed.join(' or ')}, no stack trace and nothing written outside its out folder`, async () => {
      const tally = new Tally();
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          const text = mutate(source(command), m);
          const before = new Set(filesBelow(results));
          const { args, out } = prepare(text, command);
          expectClean(tally.add(await cliInProcess(args)), out, `${command.name}: ${text.slice(0, 3000)}`, command.allowed);
          const added = filesBelow(results).filter((f) => !before.has(f) && !f.includes('mutated-'));
          expect(added, `${command.name} wrote outside its out folder: ${text.slice(0, 3000)}`).to.deep.equal([]);
        }),
        params(1000 + i, runs),
      );
      tally.expectSeen([0, 2]);
    });
  }

  it('merge and baseline update refuse side files outside the record folder and write nothing outside the out folder', async () => {
    const target = fc.constantFrom(
      '../tiny/full.json',
      '../../tiny.yaml',
      '/etc/hostname',
      'predictions/../../../tiny.yaml',
      '..',
      '',
      'C:\\x.json',
      './predictions/../full.json',
    );
    const holder = fc.constantFrom('predictions', 'labels', 'extra');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(COMMANDS[2], COMMANDS[3]), target, holder, fc.nat(), async (command, file, where, at) => {
        const record = JSON.parse(source(command)) as { cells: Record<string, unknown>[]; dataset: Record<string, unknown> };
        const ref = { file, sha256: '0'.repeat(64) };
        if (where === 'labels') record.dataset.labels = ref;
        else record.cells[at % record.cells.length][where] = ref;
        const before = new Set(filesBelow(tmp));
        const { args, out } = prepare(JSON.stringify(record), command);
        expectClean(await cliInProcess(args), out, `${command.name} with ${where}.file = ${file}`, [2]);
        expect(filesBelow(tmp).filter((f) => !before.has(f) && !f.startsWith(out) && !f.includes('mutated-'))).to.deep.equal([]);
      }),
      params(11, 24),
    );
  });

  it('the real CLI compares and merges mutated records without a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(COMMANDS[0], COMMANDS[2]), mutation, async (command, m) => {
        const { args, out } = prepare(mutate(source(command), m), command);
        expectClean(await runCli(args), out, command.name, command.allowed);
      }),
      params(5, 2),
    );
  });
});
