import { expect } from 'chai';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { fixture, ROOT } from '../helpers/paths.js';

/** Each bad suite, the place of its first error and what the message must say. */
const CORPUS: Record<string, { at: string; says: string }> = {
  'syntax-error.yaml': { at: '13:35', says: 'YAML syntax error' },
  'unknown-key.yaml': { at: '13:5', says: "unknown key 'setings'; did you mean 'settings'?" },
  'wrong-type.yaml': { at: '2:7', says: 'seed: Invalid input: expected number, received string' },
  'out-of-range.yaml': { at: '14:23', says: 'variants[0].settings.sparsity[1]' },
  'missing-dataset-file.yaml': { at: '4:9', says: 'dataset file not found' },
  'duplicate-variant.yaml': { at: '15:11', says: "duplicate variant name 'pruned'" },
  'unknown-method.yaml': { at: '12:13', says: "unknown method 'prunee' (did you mean 'prune'?)" },
};

describe('e2e: a corpus of bad suites', function () {
  this.timeout(180_000);
  const rel = (name: string) => relative(ROOT, fixture(`suites/bad/${name}`));

  it('covers every file of test/fixtures/suites/bad', () => {
    expect(readdirSync(fixture('suites/bad')).sort()).to.deep.equal(Object.keys(CORPUS).sort());
  });

  it('makes validate exit 2 with file:line:col and the fix for each bad suite', async () => {
    const results = await Promise.all(Object.keys(CORPUS).map((name) => runCli(['validate', rel(name)])));
    Object.entries(CORPUS).forEach(([name, want], i) => {
      const { code, stderr, stdout } = results[i];
      expect(code, `${name}: ${stderr}`).to.equal(2);
      expect(stdout, name).to.equal('');
      const first = stderr.split('\n')[0];
      expect(first, name).to.match(new RegExp(`^${rel(name).replace(/[.]/g, '\\.')}:${want.at} `));
      expect(stderr, name).to.include(want.says);
    });
  });

  it('makes run exit 2 for each bad suite and write no results file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sb-bad-run-'));
    const cache = join(out, 'cache');
    const results = await Promise.all(
      Object.keys(CORPUS).map((name) => runCli(['run', rel(name), '--out', join(out, 'results'), '--cache-dir', cache])),
    );
    results.forEach((r, i) => expect(r.code, `${Object.keys(CORPUS)[i]}: ${r.stderr}`).to.equal(2));
    expect(readdirSync(out)).to.deep.equal([]);
  });

  it('accepts the example suites', async () => {
    const r = await runCli(['validate', 'suites/quickstart.yaml', relative(ROOT, fixture('suites/tiny.yaml'))]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include('suites/quickstart.yaml: ok');
  });
});
