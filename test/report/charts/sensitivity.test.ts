import { expect } from 'chai';
import { sensitivityChart, sensitivityPoints } from '../../../harness/report/charts/sensitivity.js';
import { close, loadFixture, schemaErrors, units } from '../helpers.js';

describe('report/charts/sensitivity', () => {
  const record = loadFixture();
  const spec = sensitivityChart(record)!;

  it('is a valid Vega-Lite spec', () => {
    expect(schemaErrors(spec)).to.deep.equal([]);
  });

  it('has one square per (layer, setting) cell with the accuracy change in points', () => {
    const pts = sensitivityPoints(record);
    expect(pts).to.have.length(4);
    const worst = pts.find((p) => p.layer === 'dense_1' && p.level === 'sparsity=0.9')!;
    expect(close(worst.deltaPts, (0.8 - 0.9) * 100, 1e-9)).to.equal(true);
  });

  it('colours rect marks by the change, layers on x and settings on y', () => {
    const rect = units(spec).find((u) => u.mark === 'rect')!;
    expect(rect.encoding.x?.field).to.equal('layer');
    expect(rect.encoding.y?.field).to.equal('level');
    expect(rect.encoding.color?.field).to.equal('deltaPts');
    expect(rect.encoding.color?.scale?.domainMid).to.equal(0);
  });

  it('reads the layer from methodInfo.layer too', () => {
    const r = loadFixture();
    const c = r.cells.find((x) => x.id === 'pruned[sparsity=0.5]')!;
    c.methodInfo = { layer: 'conv_1' };
    expect(sensitivityPoints(r).map((p) => p.layer)).to.include('conv_1');
  });

  it('is omitted when no cell compressed a single layer (a per-layer methodInfo list does not count)', () => {
    const r = loadFixture();
    r.cells = r.cells.filter((c) => c.variant !== 'by-layer');
    r.cells[1].methodInfo = { layers: [{ weight: 'dense_1/kernel', zeros: 3 }] };
    expect(sensitivityChart(r)).to.equal(null);
  });
});
