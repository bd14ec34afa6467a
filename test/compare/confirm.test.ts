import { expect } from 'chai';
import { compareRuns } from '../../harness/compare/compare.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runnerRerun } from '../../harness/cli/confirm-rerun.js';
import { confirmRegressions, rerunFilters } from '../../harness/compare/confirm.js';
import { DEFAULT_COMPARE } from '../../harness/compare/settings.js';
import { readRecord } from '../../harness/results/store.js';
import { templateCells } from '../fixtures/records/template.js';
import { runCli } from '../helpers/cli.js';
import { tinyHead, writeSuite } from '../helpers/suite.js';
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

  it('reruns the suspected cells with the original, on one worker, so their timing is taken alone', async function () {
    this.timeout(120_000);
    const suite = writeSuite(
      `${tinyHead('confirm')}
measure:
  resamples: 100
  speed: {batch: 16, warmupRounds: 1, warmupMs: 0, minRounds: 2, minTimeMs: 20, latencyRounds: 0}
variants:
  - {name: p, method: prune, settings: {sparsity: [0.3, 0.6, 0.9]}}
`,
      'confirm.yaml',
    );
    const out = mkdtempSync(join(tmpdir(), 'sb-confirm-'));
    const r = await runCli(['run', suite, '--out', out, '--no-cache', '--cache-dir', join(out, 'cache'), '--workers', '2', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const record = readRecord((JSON.parse(r.stdout.trim().split('\n').pop()!) as { records: string[] }).records[0]);
    expect(record.run.workers).to.equal(2);
    // two suspects of one variant rerun the whole variant: 4 cells, which would get 2 workers by default
    const again = await runnerRerun(record, () => {})(['p[sparsity=0.6]', 'p[sparsity=0.9]']);
    expect(again.record.run.workers).to.equal(1);
    expect(again.record.cells.map((c) => c.id)).to.deep.equal(['original', 'p[sparsity=0.6]', 'p[sparsity=0.9]']);
  });
});
