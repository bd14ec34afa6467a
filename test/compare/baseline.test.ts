import { expect } from 'chai';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareRuns } from '../../harness/compare/compare.js';
import { DEFAULT_COMPARE } from '../../harness/compare/settings.js';
import { baselinePath, updateBaseline } from '../../harness/results/baseline.js';
import { readRecord, writeRecord } from '../../harness/results/store.js';
import { rows, templateCells } from '../fixtures/records/template.js';
import { changed, storedRun, tempDir } from './helpers.js';
import { inputError } from '../helpers/errors.js';

describe('baseline update', () => {
  it('writes baselines/<suite>.json', () => {
    const dir = tempDir();
    const r = updateBaseline(storedRun(templateCells()).path, { dir });
    expect(r.path).to.equal(baselinePath('crafted', dir));
    expect(readRecord(r.path).cells.map((c) => c.id)).to.deep.equal(templateCells().map((c) => c.id));
  });

  it('leaves out cell artifact paths, which point into the local run cache', () => {
    const run = storedRun(templateCells());
    const withArtifacts = join(dirname(run.path), 'with-artifacts.json');
    writeRecord(withArtifacts, { ...run.record, cells: run.record.cells.map((c) => ({ ...c, artifact: `/tmp/cache/${c.id}` })) });
    const r = updateBaseline(withArtifacts, { dir: tempDir() });
    expect(readRecord(r.path).cells.map((c) => (c as { artifact?: string }).artifact)).to.deep.equal(templateCells().map(() => undefined));
  });

  it('copies the prediction and label files into baselines/predictions/', () => {
    const dir = tempDir();
    const r = updateBaseline(storedRun(templateCells()).path, { dir });
    // three distinct prediction files and one labels file
    expect(readdirSync(join(dir, 'predictions'))).to.have.length(4);
    expect(r.copied).to.have.length(4);
  });

  it('removes predictions files that no baseline refers to any more, and keeps the rest', () => {
    const dir = tempDir();
    updateBaseline(storedRun(templateCells()).path, { dir });
    const before = readdirSync(join(dir, 'predictions')).sort();
    writeFileSync(join(dir, 'predictions', 'stale.json'), '[]');
    // a second suite's baseline shares the folder: its files must survive the first suite's update
    const other = storedRun(changed('pruned[sparsity=0.5]', { wrong: rows(0, 150) }));
    writeRecord(other.path, { ...other.record, suite: { ...other.record.suite, name: 'other' } });
    updateBaseline(other.path, { dir });
    const r = updateBaseline(storedRun(templateCells()).path, { dir });
    expect(r.removed.map((f) => f.split('/').pop())).to.deep.equal([]);
    const all = readdirSync(join(dir, 'predictions'));
    expect(all).to.not.include('stale.json');
    expect(all).to.include.members(before);
    expect(all.length).to.be.greaterThan(before.length);
  });

  it('leaves a baseline that still pairs predictions after the run folder is gone', () => {
    const dir = tempDir();
    const run = storedRun(templateCells());
    const base = updateBaseline(run.path, { dir });
    const cur = storedRun(changed('pruned[sparsity=0.5]', { wrong: rows(0, 150) }));
    const c = compareRuns(cur, { path: base.path, record: readRecord(base.path) }, { tolerances: DEFAULT_COMPARE });
    const acc = c.cells[1].metrics.find((m) => m.metric === 'accuracy')!;
    expect(acc.test).to.equal('mcnemar');
    expect(c.cells[1].state).to.equal('regressed');
  });

  it('refuses a run with failed cells', () => {
    const dir = tempDir();
    expect(
      inputError(
        () => updateBaseline(storedRun(changed('pruned[sparsity=0.5]', { status: 'failed' })).path, { dir }),
        'baseline-failed-cells',
      ).message,
    ).to.match(/--force/);
    expect(existsSync(baselinePath('crafted', dir))).to.equal(false);
  });

  it('accepts a run with failed cells with force', () => {
    const dir = tempDir();
    const r = updateBaseline(storedRun(changed('pruned[sparsity=0.5]', { status: 'failed' })).path, { dir, force: true });
    expect(existsSync(r.path)).to.equal(true);
  });

  it('refuses a single shard of a sharded run', () => {
    const run = storedRun(templateCells());
    const shard = join(dirname(run.path), 'shard.json');
    writeRecord(shard, { ...run.record, run: { ...run.record.run, shard: { index: 1, count: 2 } } });
    expect(inputError(() => updateBaseline(shard, { dir: tempDir() }), 'baseline-shard').message).to.match(/merge the shards/);
  });
});
