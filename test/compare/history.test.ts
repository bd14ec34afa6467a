import { expect } from 'chai';
import { join } from 'node:path';
import { listRuns, listSuites, suiteHistory } from '../../harness/compare/history.js';
import { writeRecord } from '../../harness/results/store.js';
import { rows, templateCells } from '../fixtures/records/template.js';
import { changed, storedRun, tempDir } from './helpers.js';

/** Three nightly runs of 'crafted' (written out of order); the third loses 3 points on pruned 0.5. */
function threeNights(): string {
  const results = tempDir();
  const dir = join(results, 'crafted');
  storedRun(changed('pruned[sparsity=0.5]', { wrong: rows(0, 150) }), { runId: 'night-3', startedAt: '2026-01-03T00:00:00.000Z' }, dir);
  storedRun(templateCells(), { runId: 'night-1', startedAt: '2026-01-01T00:00:00.000Z' }, dir);
  storedRun(templateCells(), { runId: 'night-2', startedAt: '2026-01-02T00:00:00.000Z' }, dir);
  return results;
}

describe('run history', () => {
  it('lists the runs of a suite sorted by start time', () => {
    expect(listRuns(threeNights(), 'crafted').runs.map((r) => r.record.run.id)).to.deep.equal(['night-1', 'night-2', 'night-3']);
  });

  it('leaves out single shards and files that are not run records', () => {
    const results = threeNights();
    const one = listRuns(results, 'crafted').runs[0];
    writeRecord(join(results, 'crafted', 'shard.json'), {
      ...one.record,
      run: { ...one.record.run, id: 'shard', shard: { index: 1, count: 2 } },
    });
    writeRecord(join(results, 'crafted', 'junk.json'), { not: 'a record' } as never);
    const list = listRuns(results, 'crafted');
    expect(list.runs).to.have.length(3);
    expect(list.skipped.map((s) => s.path.split('/').pop())).to.deep.equal(['junk.json', 'shard.json']);
  });

  it('marks a point regressed when the cell regressed against the previous run', () => {
    const h = suiteHistory(threeNights(), 'crafted');
    const s = h.series.find((x) => x.cellId === 'pruned[sparsity=0.5]')!;
    expect(s.points.map((p) => p.state)).to.deep.equal(['first', 'pass', 'regressed']);
    expect(s.points.map((p) => p.regressed)).to.deep.equal([false, false, true]);
    expect(s.points[2].regressedMetrics).to.deep.equal(['accuracy']);
  });

  it('gives each point the key figures of its run', () => {
    const h = suiteHistory(threeNights(), 'crafted');
    const s = h.series.find((x) => x.cellId === 'pruned[sparsity=0.5]')!;
    expect(s.points.map((p) => p.accuracy)).to.deep.equal([0.88, 0.88, 0.85]);
    expect(s.points[0].speedup).to.equal(1.5);
    expect(s.points[0].gzipBytes).to.equal(8943);
  });

  it('counts the regressions of each run', () => {
    expect(suiteHistory(threeNights(), 'crafted').runs.map((r) => r.regressions)).to.deep.equal([0, 0, 1]);
  });

  it('lists the suites with stored runs', () => {
    expect(listSuites(threeNights())).to.deep.equal(['crafted']);
  });
});
