import { expect } from 'chai';
import type { CellRecord, GateRecord } from '../../harness/results/record.js';
import { exitCodeOf } from '../../harness/runner/exit-code.js';

const cell = (id: string, extra: Partial<CellRecord> = {}): CellRecord => ({
  id,
  variant: id,
  method: 'prune',
  settings: {},
  seed: 1,
  reference: false,
  status: 'ok',
  ...extra,
});
const gate = (pass: boolean): GateRecord => ({ variant: 'v', cell: 'v', check: 'retention.accuracy >= 0.99', value: pass ? 1 : 0.5, pass });
const failed = cell('broken', { status: 'failed', error: 'worker thread crashed' });
const badInput = cell('lowrank', { status: 'failed', error: 'rank 50', badInput: true, errorCode: 'lowrank-rank-too-large' });
const run = (cells: CellRecord[], gates: GateRecord[] = []) => ({ cells, gates });

describe('runner/exit-code', () => {
  it('is 0 when every cell finished and every gate passed', () => {
    expect(exitCodeOf([run([cell('a'), cell('b')], [gate(true)])])).to.equal(0);
  });

  it('is 0 for no records', () => {
    expect(exitCodeOf([])).to.equal(0);
  });

  it('is 1 when a gate failed and every cell finished', () => {
    expect(exitCodeOf([run([cell('a')], [gate(true), gate(false)])])).to.equal(1);
  });

  it('is 3 when a cell failed, also when a gate failed too', () => {
    expect(exitCodeOf([run([cell('a'), failed])])).to.equal(3);
    expect(exitCodeOf([run([failed], [gate(false)])])).to.equal(3);
  });

  it('is 2 when a cell failed on bad input, also beside other failures', () => {
    expect(exitCodeOf([run([badInput])])).to.equal(2);
    expect(exitCodeOf([run([failed, badInput], [gate(false)])])).to.equal(2);
  });

  it('counts a skipped cell as no failure', () => {
    expect(exitCodeOf([run([cell('a', { status: 'skipped' })])])).to.equal(0);
  });

  it('takes the worst outcome over several suites, in either order', () => {
    const gateRun = run([cell('a')], [gate(false)]);
    const cellRun = run([failed]);
    const badRun = run([badInput]);
    expect(exitCodeOf([gateRun, cellRun])).to.equal(3);
    expect(exitCodeOf([cellRun, gateRun])).to.equal(3);
    expect(exitCodeOf([badRun, cellRun, gateRun])).to.equal(2);
    expect(exitCodeOf([gateRun, run([cell('b')])])).to.equal(1);
  });
});
