import { expect } from 'chai';
import { comparableRuns, historyChart, historyPoints, seriesStyle } from '../../../harness/report/charts/history.js';
import type { RunRecord } from '../../../harness/results/record.js';
import { loadFixture, rowsOf, schemaErrors, units } from '../helpers.js';

describe('report/charts/history', () => {
  const runs = [loadFixture('newer'), loadFixture('older')];
  const href = (r: RunRecord) => `runs/x/${r.run.id}.html`;
  const spec = historyChart(runs, href)!;

  it('is a valid Vega-Lite spec', () => {
    expect(schemaErrors(spec)).to.deep.equal([]);
  });

  it('has one point per cell and run, oldest run first, for cells seen in more than one run', () => {
    const pts = historyPoints(runs, href);
    expect(pts.map((p) => `${p.run.slice(0, 10)} ${p.cell}`)).to.deep.equal([
      '2026-01-01 original',
      '2026-01-01 pruned[sparsity=0.9]',
      '2026-01-01 quantized[bits=8]',
      '2026-02-02 original',
      '2026-02-02 pruned[sparsity=0.9]',
      '2026-02-02 quantized[bits=8]',
    ]);
    expect(pts.map((p) => p.value)).to.deep.equal([0.91, 0.88, 0.905, 0.9, 0.85, 0.9]);
  });

  it('marks the cells a record flags as regressed', () => {
    const regressed = historyPoints(runs, href).filter((p) => p.regressed);
    expect(regressed.map((p) => [p.run, p.cell])).to.deep.equal([['2026-02-02T10-00-00Z-bbbb', 'pruned[sparsity=0.9]']]);
    const cross = units(spec).find((u) => u.markDef.shape === 'cross')!;
    expect(JSON.stringify(cross.transform)).to.contain('datum.regressed');
  });

  it('links every point to its run page', () => {
    const pts = units(spec).filter((u) => u.mark === 'point');
    expect(pts.every((u) => (u.encoding as Record<string, { field?: string }>).href?.field === 'href')).to.equal(true);
    expect(rowsOf<{ href: string }>(spec)[0].href).to.equal('runs/x/2026-01-01T10-00-00Z-aaaa.html');
  });

  it('draws accuracy and speedup as two panels of lines over run time', () => {
    const lines = units(spec).filter((u) => u.mark === 'line');
    expect(lines.map((l) => [l.encoding.x?.field, l.encoding.y?.field])).to.deep.equal([
      ['time', 'value'],
      ['time', 'speedup'],
    ]);
    expect(lines[0].encoding.x?.type).to.equal('temporal');
  });

  it('gives the original black and repeats no colour and dash pair', () => {
    const style = seriesStyle(['b', 'original', ...Array.from({ length: 9 }, (_, i) => `c${i}`)]);
    expect(style.domain[0]).to.equal('original');
    expect(style.colours[0]).to.equal('#000000');
    const pairs = style.domain.map((_, i) => `${style.colours[i]} ${style.dashes[i].join()}`);
    expect(new Set(pairs).size).to.equal(pairs.length);
  });

  it('joins quick runs only with quick runs, and leaves out single shards', () => {
    const quick = { ...runs[1], run: { ...runs[1].run, quick: true } };
    const shard = { ...runs[1], run: { ...runs[1].run, id: 'shard', shard: { index: 0, count: 2 } } };
    expect(comparableRuns([runs[0], quick, shard], runs[0])).to.deep.equal([runs[0]]);
  });

  it('is omitted with a single run', () => {
    expect(historyChart([runs[0]], href)).to.equal(null);
  });
});
