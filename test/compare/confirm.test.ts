import { expect } from 'chai';
import { compareRuns } from '../../harness/compare/compare.js';
import { confirmRegressions, rerunFilters } from '../../harness/compare/confirm.js';
import { DEFAULT_COMPARE } from '../../harness/compare/settings.js';
import { templateCells } from '../fixtures/records/template.js';
import { cellOf, changed, storedRun } from './helpers.js';

const P09 = 'pruned[sparsity=0.9]';
const opts = { tolerances: DEFAULT_COMPARE };
const slower = () => changed(P09, { speedup: { value: 1.7, ci: [1.68, 1.72] } });

describe('--confirm', () => {
  it('keeps a regression that the rerun reproduces, marked confirmed', async () => {
    const base = storedRun(templateCells());
    const first = compareRuns(storedRun(slower()), base, opts);
    let asked: string[] = [];
    const c = await confirmRegressions(first, base, async (ids) => ((asked = ids), storedRun(slower())), opts);
    expect(asked).to.deep.equal([P09]);
    expect(cellOf(c, P09).state).to.equal('regressed');
    expect(cellOf(c, P09).confirmed).to.equal(true);
    expect(c.regressed).to.equal(true);
  });

  it('turns a regression the rerun does not reproduce into noisy', async () => {
    const base = storedRun(templateCells());
    const first = compareRuns(storedRun(slower()), base, opts);
    const c = await confirmRegressions(first, base, async () => storedRun(templateCells()), opts);
    expect(cellOf(c, P09).state).to.equal('noisy');
    expect(cellOf(c, P09).confirmed).to.equal(false);
    expect(cellOf(c, P09).metrics.filter((m) => m.state === 'regressed')).to.have.length(0);
    expect(c.regressed).to.equal(false);
  });

  it('does not rerun anything when nothing regressed', async () => {
    const base = storedRun(templateCells());
    let called = false;
    await confirmRegressions(compareRuns(storedRun(templateCells()), base, opts), base, async () => ((called = true), base), opts);
    expect(called).to.equal(false);
  });

  it('covers several suspected cells of one variant with one filter', () => {
    expect(rerunFilters(['p[a]', 'p[b]', 'q[c]'], (id) => id[0])).to.deep.equal(['p', 'q[c]']);
  });
});
