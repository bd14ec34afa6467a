import { expect } from 'chai';
import { compareRuns } from '../../harness/compare/compare.js';
import { DEFAULT_COMPARE } from '../../harness/compare/settings.js';
import type { StoredRun } from '../../harness/compare/types.js';
import { rows, templateCells } from '../fixtures/records/template.js';
import { cellOf, changed, storedRun } from './helpers.js';

const P05 = 'pruned[sparsity=0.5]';

/** The run as a label-free run records it: no labels file, quality = agreement with the original. */
function labelFree(run: StoredRun, fidelity: Record<string, number>): StoredRun {
  delete run.record.dataset!.labels;
  for (const c of run.record.cells)
    c.quality = { fidelity: { value: fidelity[c.id], ci: [fidelity[c.id] - 0.01, Math.min(1, fidelity[c.id] + 0.01)] } };
  return run;
}

describe('compare: label-free runs', () => {
  // The original errs on rows 0-79; a variant erring on rows 0-119 (the same way) departs from it on rows 80-119.
  const base = () => labelFree(storedRun(templateCells()), { original: 1, [P05]: 0.96, 'pruned[sparsity=0.9]': 0.78 });

  it('tests fidelity with McNemar on the per-row agreement with each run’s original', () => {
    const cur = labelFree(storedRun(changed(P05, { wrong: rows(0, 270) })), { original: 1, [P05]: 0.81, 'pruned[sparsity=0.9]': 0.78 });
    const c = compareRuns(cur, base(), { tolerances: DEFAULT_COMPARE });
    const m = cellOf(c, P05).metrics.find((x) => x.metric === 'fidelity')!;
    expect(m.test).to.equal('mcnemar');
    // Rows 120-269 newly depart from the original; none come back.
    expect(m.note).to.match(/^150 rows right→wrong, 0 wrong→right/);
    expect(cellOf(c, P05).state).to.equal('regressed');
  });

  it('passes an unchanged label-free rerun', () => {
    const c = compareRuns(base(), base(), { tolerances: DEFAULT_COMPARE });
    expect(c.regressed).to.equal(false);
  });
});
