import { expect } from 'chai';
import { benjaminiHochberg, classChanges, forgottenItems } from '../../harness/measure/forgetting.js';

const i32 = (a: number[]) => Int32Array.from(a);

describe('measure/forgetting', () => {
  it('adjusts p-values by Benjamini–Hochberg step-up, in input order', () => {
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.2]);
    expect(q[0]).to.be.closeTo(0.04, 1e-12);
    expect(q[1]).to.be.closeTo(0.16 / 3, 1e-12);
    expect(q[2]).to.be.closeTo(0.16 / 3, 1e-12);
    expect(q[3]).to.be.closeTo(0.2, 1e-12);
  });

  it("scores each class's accuracy change with McNemar on that class's rows", () => {
    const c = classChanges(i32([0, 0, 0, 0, 1, 1]), 2, i32([0, 0, 0, 0, 1, 0]), i32([1, 1, 1, 1, 1, 1]));
    expect(c.map((x) => [x.class, x.support, x.change, x.rightToWrong, x.wrongToRight])).to.deep.equal([
      [0, 4, -1, 4, 0],
      [1, 2, 0.5, 0, 1],
    ]);
    expect(c[0].p).to.be.closeTo(0.125, 1e-12);
    expect(c[0].q).to.be.closeTo(0.25, 1e-12);
    expect(c[0].lost).to.equal(false);
  });

  it('marks a class lost when its adjusted p is within the false discovery rate', () => {
    const c = classChanges(i32([0, 0, 0, 0, 0, 0, 0, 1]), 3, i32([0, 0, 0, 0, 0, 0, 0, 1]), i32([2, 2, 2, 2, 2, 2, 2, 1]));
    expect(c.map((x) => x.class)).to.deep.equal([0, 1]);
    expect(c[0].p).to.be.closeTo(2 / 128, 1e-12);
    expect(c[0].q).to.be.closeTo(4 / 128, 1e-12);
    expect(c[0].lost).to.equal(true);
    expect(c[1].lost).to.equal(false);
  });

  it('lists rows the original gets right and the variant wrong in most cells, with the most predicted class', () => {
    const y = i32([0, 1, 2]);
    const items = forgottenItems(y, [
      { original: i32([0, 1, 2]), variant: i32([1, 1, 0]) },
      { original: i32([0, 1, 2]), variant: i32([1, 1, 2]) },
      { original: i32([0, 0, 2]), variant: i32([2, 0, 0]) },
    ]);
    expect(items).to.deep.equal([
      { row: 0, label: 0, forgotten: 3, of: 3, predicted: 1 },
      { row: 2, label: 2, forgotten: 2, of: 3, predicted: 0 },
    ]);
  });
});
