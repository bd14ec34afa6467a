import { expect } from 'chai';
import { WorkerPool } from '../../harness/engine/pool.js';
import { InputError } from '../../harness/errors.js';
import { failedRecord, inputErrorCodeOf } from '../../harness/runner/outcome.js';
import type { Cell } from '../../harness/suite/plan.js';
import type { TestTask } from '../engine/pool-test-worker.js';

const script = new URL('../engine/pool-test-worker.js', import.meta.url);
const cell: Cell = { id: 'lowrank', variant: 'lowrank', method: 'lowrank', settings: { rank: 50 }, seed: 1, reference: false };

describe('runner/outcome', () => {
  it('records a bad-input cell thrown inside a worker thread with its code', async () => {
    const pool = new WorkerPool<TestTask, number>({ size: 1, script });
    try {
      const err = await pool.run({ kind: 'bad-input' }).catch((e: unknown) => e);
      const record = failedRecord(cell, err);
      expect(record).to.deep.include({ status: 'failed', badInput: true, errorCode: 'lowrank-rank-too-large' });
      expect(record.error).to.match(/rank 50/);
    } finally {
      await pool.close();
    }
  });

  it('records a cell that threw an InputError in this thread with its code', () => {
    const record = failedRecord(cell, new InputError("variant 'named': unknown layer 'x'", 'unknown-layer'));
    expect(record).to.deep.include({ badInput: true, errorCode: 'unknown-layer' });
  });

  it('records a failure that is not bad input without a code', async () => {
    const pool = new WorkerPool<TestTask, number>({ size: 1, script });
    try {
      const record = failedRecord(cell, await pool.run({ kind: 'throw' }).catch((e: unknown) => e));
      expect(record.badInput).to.equal(undefined);
      expect(record.errorCode).to.equal(undefined);
    } finally {
      await pool.close();
    }
  });

  it('ignores a code that is not an input-error code', () => {
    expect(inputErrorCodeOf({ remoteName: 'InputError', remoteCode: 'no-such-code' })).to.equal(undefined);
    expect(inputErrorCodeOf(Object.assign(new Error('x'), { code: 'ENOENT' }))).to.equal(undefined);
  });
});
