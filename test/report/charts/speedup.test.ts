import { expect } from 'chai';
import { speedOutcome, speedupChart, speedupPoints } from '../../../harness/report/charts/speedup.js';
import { close, loadFixture, rowsOf, schemaErrors, units } from '../helpers.js';

describe('report/charts/speedup', () => {
  const record = loadFixture();
  const spec = speedupChart(record)!;

  it('is a valid Vega-Lite spec', () => {
    expect(schemaErrors(spec)).to.deep.equal([]);
  });

  it('plots every measured variant but not the original', () => {
    const rows = rowsOf<{ label: string }>(spec);
    expect(rows).to.have.length(9);
    expect(rows.map((r) => r.label)).to.not.include('original');
  });

  it('puts the gzip compression ratio on x: original gzip bytes over the variant’s', () => {
    const p = speedupPoints(record).find((x) => x.label === 'quantized[bits=8]')!;
    expect(close(p.ratio, 10000 / 2500)).to.equal(true);
    expect(p.speedup).to.equal(1.2);
    expect(units(spec).find((u) => u.mark === 'point')!.encoding.x?.field).to.equal('ratio');
  });

  it('draws a rule at speedup 1', () => {
    const rule = units(spec).find((u) => u.mark === 'rule' && u.encoding.y?.datum === 1);
    expect(rule).to.not.equal(undefined);
  });

  it('calls a smaller model whose interval straddles 1 "no clear change"', () => {
    const p = speedupPoints(record).find((x) => x.label === 'pruned[sparsity=0.9]')!;
    expect(close(p.ratio, 10)).to.equal(true);
    expect(p.outcome).to.equal('no clear change');
  });

  it('judges outcomes by the whole interval', () => {
    expect([speedOutcome([1.01, 1.2]), speedOutcome([0.9, 1.1]), speedOutcome([0.8, 0.99])]).to.deep.equal([
      'faster',
      'no clear change',
      'slower',
    ]);
  });

  it('labels faster points and each variant’s most compressed point only', () => {
    const labelled = speedupPoints(record)
      .filter((p) => p.labelled)
      .map((p) => p.label);
    expect(labelled).to.have.members([
      'quantized[bits=8]',
      'quantized[bits=4]',
      'pruned[sparsity=0.9]',
      'by-layer[sparsity=0.9,layers=["dense_1"]]',
    ]);
  });

  it('is omitted when no variant has a speedup', () => {
    const r = loadFixture();
    for (const c of r.cells) delete c.speed;
    expect(speedupChart(r)).to.equal(null);
  });
});
