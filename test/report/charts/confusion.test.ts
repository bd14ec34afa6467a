import { expect } from 'chai';
import { chosenVariant } from '../../../harness/report/chart-set.js';
import { confusionChart, confusionSquares } from '../../../harness/report/charts/confusion.js';
import { loadFixture, schemaErrors, units } from '../helpers.js';

describe('report/charts/confusion', () => {
  const record = loadFixture();
  const chosen = chosenVariant(record)!;
  const spec = confusionChart(record, chosen)!;

  it('shows the verdict’s variant', () => {
    expect(chosen.id).to.equal('quantized[bits=8]');
  });

  it('is a valid Vega-Lite spec', () => {
    expect(schemaErrors(spec)).to.deep.equal([]);
  });

  it('has three panels of k×k squares: original, variant, difference', () => {
    const { squares, panels } = confusionSquares(record, chosen)!;
    expect(panels).to.deep.equal(['original', 'quantized[bits=8]', 'difference (variant − original)']);
    expect(squares).to.have.length(27);
    expect((spec as unknown as { hconcat: unknown[] }).hconcat).to.have.length(3);
  });

  it('takes the difference variant − original, its colour signed so that fewer errors is better', () => {
    const { squares, panels } = confusionSquares(record, chosen)!;
    const diff = squares.filter((s) => s.panel === panels[2]);
    const catCat = diff.find((s) => s.truth === 'cat' && s.predicted === 'cat')!;
    const catDog = diff.find((s) => s.truth === 'cat' && s.predicted === 'dog <b>')!;
    expect([catCat.count, catCat.effect]).to.deep.equal([1, 1]);
    expect([catDog.count, catDog.effect]).to.deep.equal([-1, 1]);
  });

  it('encodes predicted class on x, true class on y and colours rects by count', () => {
    const rects = units(spec).filter((u) => u.mark === 'rect');
    expect(rects).to.have.length(3);
    expect(rects.map((r) => [r.encoding.x?.field, r.encoding.y?.field, r.encoding.color?.field])).to.deep.equal([
      ['predicted', 'truth', 'count'],
      ['predicted', 'truth', 'count'],
      ['predicted', 'truth', 'effect'],
    ]);
  });

  it('is omitted when the variant has no confusion matrix', () => {
    const other = record.cells.find((c) => c.id === 'pruned[sparsity=0.5]')!;
    expect(confusionChart(record, other)).to.equal(null);
  });
});
