import { expect } from 'chai';
import { comparisonTable, metricLabel } from '../../harness/report/table.js';
import { loadFixture } from './helpers.js';

describe('report/table', () => {
  const table = comparisonTable(loadFixture());
  const col = (label: string) => table.columns.findIndex((c) => c.label === label);
  const row = (id: string) => table.rows.find((r) => r.id === id)!;

  it('lists the original first, then every cell in run order', () => {
    expect(table.rows[0].id).to.equal('original');
    expect(table.rows.map((r) => r.id).slice(1, 3)).to.deep.equal(['pruned[sparsity=0.5]', 'pruned[sparsity=0.8]']);
    expect(table.rows).to.have.length(11);
  });

  it('groups columns into quality, size and speed, spans adding up to the columns', () => {
    expect(table.groups.map((g) => g.label)).to.deep.equal(['Quality', 'Size', 'Speed']);
    expect(table.groups.reduce((a, g) => a + g.span, 0)).to.equal(table.columns.length);
  });

  it('shows accuracy with its interval and the change in points', () => {
    const r = row('pruned[sparsity=0.9]');
    expect(r.cells[col('accuracy')]).to.deep.equal({ text: '85.00%', sub: '[83.00, 87.00]' });
    expect(r.cells[col('Δ accuracy vs original (pts)')]).to.deep.equal({ text: '-5.00', sub: '[-7.20, -2.70]', cls: 'worse' });
  });

  it('gives both size ratios, each against its own kind of bytes', () => {
    const r = row('quantized[bits=4]');
    expect(r.cells[col('artifact')].sub).to.equal('ratio 8.00x');
    expect(r.cells[col('gzip')].sub).to.equal(`ratio ${(10000 / 1400).toFixed(2)}x`);
  });

  it('shows latency, FLOPs and a speedup with its interval when recorded', () => {
    const r = row('quantized[bits=8]');
    expect(r.cells[col('latency p50')]).to.deep.equal({ text: '400 µs', sub: 'p95 600 µs' });
    expect(r.cells[col('FLOPs')]).to.deep.equal({ text: '7.6k', sub: '7.6k dense' });
    expect(r.cells[col('speedup')]).to.deep.equal({ text: '1.20', sub: '[1.10, 1.30]', cls: 'better' });
  });

  it('leaves the measurement cells of a failed cell empty and keeps its error', () => {
    const r = row('lowrank[rank=2]');
    expect(r.status).to.equal('failed');
    expect(r.cells).to.deep.equal([]);
    expect(r.error).to.contain('onerror');
  });

  it('omits latency and FLOPs columns when no cell has them', () => {
    const rec = loadFixture();
    for (const c of rec.cells) {
      delete c.flops;
      if (c.speed) delete c.speed.latencyMs;
    }
    const labels = comparisonTable(rec).columns.map((c) => c.label);
    expect(labels).to.not.include('FLOPs');
    expect(labels).to.not.include('latency p50');
  });

  it('names metrics readably', () => {
    expect([metricLabel('f1Macro'), metricLabel('exactMatch')]).to.deep.equal(['F1 macro', 'exact match']);
  });
});
