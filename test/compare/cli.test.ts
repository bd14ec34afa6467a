import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers/paths.js';
import { rows, templateCells } from '../fixtures/records/template.js';
import { changed, storedRun, tempDir } from './helpers.js';

function slimbench(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('slimbench compare and baseline (CLI)', () => {
  const baselines = tempDir();
  before(() => {
    expect(slimbench('baseline', 'update', storedRun(templateCells()).path, '--dir', baselines).code).to.equal(0);
  });

  it('exits 0 and prints markdown for an unchanged rerun against baselines/<suite>.json', () => {
    const r = slimbench('compare', storedRun(templateCells()).path, '--baselines', baselines);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.include('no regression');
  });

  it('exits 1 on a regression', () => {
    const r = slimbench('compare', storedRun(changed('pruned[sparsity=0.5]', { wrong: rows(0, 150) })).path, '--baselines', baselines);
    expect(r.code).to.equal(1);
  });

  it('exits 2 for runs of different suites', () => {
    const r = slimbench('compare', storedRun(templateCells(), { suite: 'other' }).path, '--baseline', join(baselines, 'crafted.json'));
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/cannot be compared/);
  });

  it('exits 2 for an unreadable record', () => {
    const r = slimbench('compare', join(tempDir(), 'nope.json'), '--baselines', baselines);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/nope\.json: cannot read/);
  });

  it('writes one file per --format, and the smaller-is-better file beside benchmark-action output', () => {
    const out = tempDir();
    const files = ['v.md', 'v.xml', 'v.json', 'bench.json'].map((f) => join(out, f));
    const r = slimbench(
      'compare',
      storedRun(templateCells()).path,
      '--baselines',
      baselines,
      '--format',
      'md',
      'junit',
      'json',
      'benchmark-action',
      '--output',
      ...files,
    );
    expect(r.code).to.equal(0);
    for (const f of [...files, join(out, 'bench.smaller.json')]) expect(existsSync(f), f).to.equal(true);
    expect(JSON.parse(readFileSync(files[2], 'utf8')).counts.pass).to.equal(3);
  });

  it('baseline update exits 2 for a run with failed cells', () => {
    const r = slimbench('baseline', 'update', storedRun(changed('original', { status: 'failed' })).path, '--dir', tempDir());
    expect(r.code).to.equal(2);
  });
});
