import { expect } from 'chai';
import { sweepChart, sweepPoints, sweptMethods, sweptSetting } from '../../../harness/report/charts/sweep.js';
import type { CellRecord } from '../../../harness/results/record.js';
import { loadFixture, schemaErrors, units } from '../helpers.js';

describe('report/charts/sweep', () => {
  const record = loadFixture();

  it('finds one sweep per swept method, in run order', () => {
    expect(sweptMethods(record)).to.deep.equal(['prune', 'quantize']);
  });

  it('gives valid Vega-Lite specs', () => {
    for (const m of sweptMethods(record)) expect(schemaErrors(sweepChart(record, m)), m).to.deep.equal([]);
  });

  it('plots accuracy against the swept setting, leaving out per-layer cells', () => {
    const s = sweepPoints(record, 'prune')!;
    expect(s.setting).to.equal('sparsity');
    expect(s.points.map((p) => [p.x, p.value])).to.deep.equal([
      [0.5, 0.899],
      [0.8, 0.895],
      [0.9, 0.85],
    ]);
  });

  it('draws the interval as a band and the original as a rule at its accuracy', () => {
    const spec = sweepChart(record, 'quantize')!;
    const u = units(spec);
    const area = u.find((x) => x.mark === 'area')!;
    expect([area.encoding.y?.field, (area.encoding as Record<string, { field?: string }>).y2?.field]).to.deep.equal(['lo', 'hi']);
    const rule = u.find((x) => x.mark === 'rule')!;
    expect(rule.encoding.y?.field).to.equal('original');
    const originalLayer = (spec as unknown as { layer: { data: { values: { original: number }[] } }[] }).layer[1];
    expect(originalLayer.data.values).to.deep.equal([{ original: 0.9 }]);
    expect((u.find((x) => x.mark === 'line')!.encoding.x as { title?: string }).title).to.equal('bits');
  });

  it('picks a numeric setting that varies, ignoring fixed and list settings', () => {
    const cells = [
      { settings: { sparsity: 0.5, scope: 'global', hidden: [1, 2] } },
      { settings: { sparsity: 0.9, scope: 'global', hidden: [1, 2] } },
    ] as unknown as CellRecord[];
    expect(sweptSetting(cells)).to.equal('sparsity');
  });

  it('is omitted for a method measured at one setting only', () => {
    const r = loadFixture();
    r.cells = r.cells.filter((c) => c.id !== 'quantized[bits=4]');
    expect(sweepChart(r, 'quantize')).to.equal(null);
  });
});
