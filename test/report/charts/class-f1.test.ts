import { expect } from 'chai';
import { chosenVariant } from '../../../harness/report/chart-set.js';
import { classF1Changes, classF1Chart } from '../../../harness/report/charts/class-f1.js';
import { close, loadFixture, rowsOf, schemaErrors, units } from '../helpers.js';

describe('report/charts/class-f1', () => {
  const record = loadFixture();
  const chosen = chosenVariant(record)!;
  const spec = classF1Chart(record, chosen)!;

  it('is a valid Vega-Lite spec', () => {
    expect(schemaErrors(spec)).to.deep.equal([]);
  });

  it('computes each class’s F1 change from the confusion matrices (F1 = 2tp / (actual + predicted))', () => {
    const rows = classF1Changes(record, chosen);
    expect(rows.map((r) => r.class)).to.deep.equal(['cat', 'dog <b>', 'fish, "big"']);
    const expected = [(62 / 68 - 60 / 67) * 100, (54 / 62 - 56 / 64) * 100, (64 / 70 - 64 / 69) * 100];
    rows.forEach((r, i) => expect(close(r.deltaPts, expected[i], 1e-9), r.class).to.equal(true));
    expect(rows.map((r) => r.direction)).to.deep.equal(['gain', 'loss', 'loss']);
  });

  it('draws bars of the change per class with a rule at zero', () => {
    const u = units(spec);
    const bar = u.find((x) => x.mark === 'bar')!;
    expect([bar.encoding.x?.field, bar.encoding.y?.field, bar.encoding.color?.field]).to.deep.equal(['class', 'deltaPts', 'direction']);
    expect(u.some((x) => x.mark === 'rule' && x.encoding.y?.datum === 0)).to.equal(true);
    expect(rowsOf(spec)).to.have.length(3);
  });

  it('prefers the per-class F1 a record stores', () => {
    const r = loadFixture();
    const v = r.cells.find((c) => c.id === 'quantized[bits=8]')!;
    const o = r.cells.find((c) => c.reference)!;
    o.perClass = { precision: [1, 1, 1], recall: [1, 1, 1], f1: [0.5, 0.5, 0.5], support: [1, 1, 1] };
    v.perClass = { precision: [1, 1, 1], recall: [1, 1, 1], f1: [0.6, 0.5, 0.4], support: [1, 1, 1] };
    expect(classF1Changes(r, v).map((x) => Math.round(x.deltaPts))).to.deep.equal([10, 0, -10]);
  });

  it('is omitted for a variant without a confusion matrix or per-class figures', () => {
    expect(
      classF1Chart(
        record,
        record.cells.find((c) => c.id === 'pruned[sparsity=0.8]'),
      ),
    ).to.equal(null);
  });
});
