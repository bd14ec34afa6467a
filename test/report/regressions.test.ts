import { expect } from 'chai';
import { regressionMarks } from '../../harness/report/regressions.js';
import { FIXTURES, loadFixture } from './helpers.js';

describe('report/regressions', () => {
  const stored = (which: 'newer' | 'older') => ({ path: FIXTURES[which], record: loadFixture(which) });

  it('keeps the regressions a record marks itself', () => {
    const runs = [stored('newer'), stored('older')];
    const marks = regressionMarks(runs);
    expect([...marks.get(runs[0].record)!]).to.deep.equal(['pruned[sparsity=0.9]']);
    expect([...marks.get(runs[1].record)!]).to.deep.equal([]);
  });

  it('marks a cell that compare calls regressed against the previous run (its files grew)', () => {
    const newer = stored('newer');
    delete (newer.record as Record<string, unknown>).regressions;
    const q8 = newer.record.cells.find((c) => c.id === 'quantized[bits=8]')!;
    q8.size = { ...q8.size!, artifactBytes: 6000, gzipBytes: 5000 };
    const warnings: string[] = [];
    const marks = regressionMarks([newer, stored('older')], warnings);
    expect(warnings).to.deep.equal([]);
    expect([...marks.get(newer.record)!]).to.include('quantized[bits=8]');
  });

  it('compares quick runs only with quick runs', () => {
    const newer = stored('newer');
    delete (newer.record as Record<string, unknown>).regressions;
    newer.record.run.quick = true;
    const q8 = newer.record.cells.find((c) => c.id === 'quantized[bits=8]')!;
    q8.size = { ...q8.size!, artifactBytes: 6000, gzipBytes: 5000 };
    expect([...regressionMarks([newer, stored('older')]).get(newer.record)!]).to.deep.equal([]);
  });
});
