import { expect } from 'chai';
import { paretoChart, paretoFrontier, paretoPoints } from '../../../harness/report/charts/pareto.js';
import { loadFixture, rowsOf, schemaErrors, units } from '../helpers.js';

describe('report/charts/pareto', () => {
  const record = loadFixture();
  const spec = paretoChart(record)!;

  it('is a valid Vega-Lite spec', () => {
    expect(schemaErrors(spec)).to.deep.equal([]);
  });

  it('plots one point per measured cell, leaving out the failed one', () => {
    const rows = rowsOf<{ label: string }>(spec);
    expect(rows).to.have.length(10);
    expect(rows.map((r) => r.label)).to.not.include('lowrank[rank=2]');
  });

  it('marks the cells no other cell beats on both size and accuracy as the frontier', () => {
    const frontier = paretoPoints(record)
      .filter((p) => p.role === 'Pareto frontier')
      .map((p) => p.label);
    expect(frontier).to.have.members(['pruned[sparsity=0.9]', 'quantized[bits=4]', 'quantized[bits=8]']);
  });

  it('highlights the original with its own role', () => {
    const original = paretoPoints(record).find((p) => p.label === 'original')!;
    expect(original.role).to.equal('original');
    expect(original.gzipBytes).to.equal(10000);
    expect(original.value).to.equal(0.9);
  });

  it('puts gzip bytes on a log x axis and accuracy on y with interval rules', () => {
    const u = units(spec);
    const point = u.find((x) => x.mark === 'point')!;
    expect(point.encoding.x?.field).to.equal('gzipBytes');
    expect(point.encoding.x?.scale?.type).to.equal('log');
    expect(point.encoding.y?.field).to.equal('value');
    expect(point.encoding.shape?.field).to.equal('role');
    const rule = u.find((x) => x.mark === 'rule')!;
    expect([rule.encoding.y?.field, (rule.encoding as Record<string, { field?: string }>).y2?.field]).to.deep.equal(['lo', 'hi']);
  });

  it('draws the frontier as a line through the non-dominated points only', () => {
    const line = units(spec).find((x) => x.mark === 'line')!;
    expect(JSON.stringify(line.transform)).to.contain("datum.role !== 'dominated'");
  });

  it('colours the original black', () => {
    const point = units(spec).find((x) => x.mark === 'point')!;
    const scale = point.encoding.color?.scale as { domain: string[]; range: string[] };
    expect(scale.range[scale.domain.indexOf('original')]).to.equal('#000000');
  });

  it('is omitted when only the original was measured', () => {
    const r = loadFixture();
    r.cells = r.cells.filter((c) => c.reference);
    expect(paretoChart(r)).to.equal(null);
  });

  it('finds the frontier of hand-made points, ties at equal size going to the higher value', () => {
    const pts = [
      { size: 1, value: 0.5 },
      { size: 2, value: 0.4 },
      { size: 2, value: 0.7 },
      { size: 3, value: 0.7 },
      { size: 4, value: 0.9 },
    ];
    expect([...paretoFrontier(pts)]).to.deep.equal([pts[0], pts[2], pts[4]]);
  });
});
