import { expect } from 'chai';
import { WorkerPool, WorkerTaskError } from '../../harness/engine/pool.js';
import type { TestTask } from './pool-test-worker.js';

const script = new URL('./pool-test-worker.js', import.meta.url);

describe('engine/pool', () => {
  let pool: WorkerPool<TestTask, number>;
  const logs: string[] = [];
  beforeEach(() => {
    logs.length = 0;
    pool = new WorkerPool<TestTask, number>({ size: 2, script, onLog: (m) => logs.push(m) });
  });
  afterEach(() => pool.close());

  it('runs tasks on the workers and returns each result to its caller', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run({ kind: 'square', n, delayMs: 5 })));
    expect(results).to.deep.equal([1, 4, 9, 16, 25]);
  });

  it('rejects only the task that throws, with its error name and message', async () => {
    const [bad, good] = await Promise.allSettled([pool.run({ kind: 'throw' }), pool.run({ kind: 'square', n: 3 })]);
    expect(bad.status).to.equal('rejected');
    const err = (bad as PromiseRejectedResult).reason as WorkerTaskError;
    expect(err).to.be.instanceOf(WorkerTaskError);
    expect(err.message).to.equal('bad task');
    expect(err.remoteName).to.equal('RangeError');
    expect(err.crashed).to.equal(false);
    expect(good).to.deep.equal({ status: 'fulfilled', value: 9 });
  });

  it('carries the code of an InputError thrown inside a worker to the caller', async () => {
    const err = (await pool.run({ kind: 'bad-input' }).catch((e: unknown) => e)) as WorkerTaskError;
    expect(err.remoteName).to.equal('InputError');
    expect(err.remoteCode).to.equal('lowrank-rank-too-large');
    expect(err.crashed).to.equal(false);
  });

  it('sends no code for an error that has none', async () => {
    const err = (await pool.run({ kind: 'throw' }).catch((e: unknown) => e)) as WorkerTaskError;
    expect(err.remoteCode).to.equal(undefined);
  });

  it('fails the task whose worker exits and keeps running the others on a new worker', async () => {
    const outcomes = await Promise.allSettled([
      pool.run({ kind: 'exit' }),
      ...[1, 2, 3, 4].map((n) => pool.run({ kind: 'square', n, delayMs: 20 })),
    ]);
    const crash = (outcomes[0] as PromiseRejectedResult).reason as WorkerTaskError;
    expect(crash.crashed).to.equal(true);
    expect(crash.message).to.include('exited with code 7');
    expect(outcomes.slice(1).map((o) => (o as PromiseFulfilledResult<number>).value)).to.deep.equal([1, 4, 9, 16]);
    expect(await pool.run({ kind: 'square', n: 6 })).to.equal(36);
  });

  it('fails the task whose worker runs out of memory, not the pool', async () => {
    const small = new WorkerPool<TestTask, number>({ size: 1, script, resourceLimits: { maxOldGenerationSizeMb: 24 } });
    try {
      const err = (await small.run({ kind: 'oom' }).catch((e: unknown) => e)) as WorkerTaskError;
      expect(err.crashed).to.equal(true);
      expect(err.message).to.match(/crashed|exited/);
      expect(await small.run({ kind: 'square', n: 2 })).to.equal(4);
    } finally {
      await small.close();
    }
  });

  it('passes log lines of a running task to onLog', async () => {
    await pool.run({ kind: 'log', text: 'epoch 1/3' });
    expect(logs).to.deep.equal(['epoch 1/3']);
  });

  it('rejects tasks after close', async () => {
    await pool.close();
    let err: unknown;
    await pool.run({ kind: 'square', n: 1 }).catch((e: unknown) => (err = e));
    expect((err as Error).message).to.include('closed');
  });
});
