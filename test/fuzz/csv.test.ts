import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/cli-inproc.js';
import { expectClean, params, Tally } from './check.js';
import { csvText } from './csv-gen.js';

const tmp = mkdtempSync(join(tmpdir(), 'sb-fuzz-csv-'));
// Cells write their artifacts below the cache folder even with --no-cache.
const CACHE = join(tmp, 'cache');

const missing = fc.constantFrom('error', 'drop', 'impute-mean');

/** A quick one-variant suite over `data.csv` in its folder. */
function suiteText(missingMode: string): string {
  return [
    'name: fuzz-csv',
    `dataset: {source: csv, file: data.csv, label: label, testFraction: 0.25, missing: ${missingMode}}`,
    'model: {arch: mlp, settings: {hidden: [4]}, train: {epochs: 1, batchSize: 8}}',
    'measure: {resamples: 100, speed: {batch: 4, warmupRounds: 1, warmupMs: 0, minRounds: 2, minTimeMs: 0, latencyRounds: 0}}',
    'variants:',
    '  - {name: pruned, method: prune, settings: {sparsity: 0.5}}',
  ].join('\n');
}

let n = 0;
function writeCase(csv: string, missingMode: string): { suite: string; out: string } {
  const dir = join(tmp, `case-${n++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'data.csv'), csv);
  writeFileSync(join(dir, 'suite.yaml'), suiteText(missingMode));
  return { suite: join(dir, 'suite.yaml'), out: join(dir, 'results') };
}

describe('fuzz: CSV files', function () {
  this.timeout(120_000);
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('run ends every mutated CSV with exit 0 or 2, no stack trace and a clean results folder', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(csvText, missing, async (csv, mode) => {
        const { suite, out } = writeCase(csv, mode);
        expectClean(
          tally.add(await cliInProcess(['run', suite, '--quick', '--no-cache', '--cache-dir', CACHE, '--workers', '1', '--out', out])),
          out,
          JSON.stringify(csv),
          [0, 2],
        );
      }),
      params(424242, 40),
    );
    tally.expectSeen([0, 2]);
  });

  it('the real CLI runs mutated CSVs without a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, missing, async (csv, mode) => {
        const { suite, out } = writeCase(csv, mode);
        expectClean(
          await runCli(['run', suite, '--quick', '--no-cache', '--cache-dir', CACHE, '--workers', '1', '--out', out]),
          out,
          JSON.stringify(csv),
          [0, 2],
        );
      }),
      params(99, 2),
    );
  });
});
