import { expect } from 'chai';
import { workerCount } from '../../harness/runner/plan-run.js';

describe('runner/plan-run', () => {
  it('uses one worker per core when more than two cells are needed', () => {
    expect(workerCount(undefined, 6, 6, 4)).to.equal(4);
  });

  it('uses one worker when at most two cells are needed', () => {
    expect(workerCount(undefined, 2, 2, 4)).to.equal(1);
  });

  it('never starts more workers than cells to compute, nor fewer than one', () => {
    expect(workerCount(8, 10, 3, 4)).to.equal(3);
    expect(workerCount(undefined, 10, 0, 4)).to.equal(1);
  });

  it('keeps the requested count when there is enough to compute', () => {
    expect(workerCount(2, 10, 10, 8)).to.equal(2);
  });
});
