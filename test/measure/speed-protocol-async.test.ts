import { expect } from 'chai';
import { medianOf, timeInterleaved, timeInterleavedAsync } from '../../harness/measure/speed-protocol.js';

const quick = { warmupRounds: 2, warmupMs: 0, minRounds: 10, minTimeMs: 0, maxRounds: 1000 };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('async speed protocol', () => {
  it('calls both functions equally often, in whole units, until the count minimum is met', async () => {
    let a = 0;
    let b = 0;
    const t = await timeInterleavedAsync(
      async () => void a++,
      async () => void b++,
      { ...quick, minRounds: 13 },
    );
    expect(a).to.equal(b);
    expect(t.a.length).to.equal(16);
    expect(t.b.length).to.equal(16);
  });

  it('runs the same units, mirror and probe placement as the synchronous protocol', async () => {
    const settings = { ...quick, warmupRounds: 0, minRounds: 16 };
    let syncLog = '';
    timeInterleaved(
      () => void (syncLog += 'a'),
      () => void (syncLog += 'b'),
      settings,
      () => void (syncLog += '|'),
    );
    let asyncLog = '';
    await timeInterleavedAsync(
      async () => void (asyncLog += 'a'),
      async () => void (asyncLog += 'b'),
      settings,
      () => void (asyncLog += '|'),
    );
    expect(asyncLog).to.equal(syncLog);
    expect(asyncLog.split('|').slice(1, -1)).to.deep.equal(['abbabaab', 'baababba', 'abbabaab', 'baababba']);
  });

  it('returns the same record fields and counts as the synchronous protocol, with and without a probe', async () => {
    const settings = { ...quick, minRounds: 9 };
    const shape = (t: { a: Float64Array; b: Float64Array; probe?: Float64Array }) =>
      Object.fromEntries(Object.entries(t).map(([k, v]: [string, Float64Array]) => [k, v.length]));
    const sync = timeInterleaved(
      () => {},
      () => {},
      settings,
    );
    const async = await timeInterleavedAsync(
      async () => {},
      async () => {},
      settings,
    );
    expect(shape(async)).to.deep.equal(shape(sync));
    expect(shape(sync)).to.deep.equal({ a: 12, b: 12 });
    const syncProbed = timeInterleaved(
      () => {},
      () => {},
      settings,
      () => {},
    );
    const asyncProbed = await timeInterleavedAsync(
      async () => {},
      async () => {},
      settings,
      () => {},
    );
    expect(shape(asyncProbed)).to.deep.equal(shape(syncProbed));
    expect(shape(syncProbed)).to.deep.equal({ a: 12, b: 12, probe: 3 });
  });

  it('makes the same warm-up calls as the synchronous protocol, in whole chunks of eight pairs', async () => {
    const settings = { ...quick, warmupRounds: 20, minRounds: 4 };
    const log = ['', ''];
    const calls = (i: number) => [() => void (log[i] += 'a'), () => void (log[i] += 'b')] as const;
    timeInterleaved(...calls(0), settings);
    const [a, b] = calls(1);
    await timeInterleavedAsync(
      async () => a(),
      async () => b(),
      settings,
    );
    expect(log[1]).to.equal(log[0]);
    // 20 warm-up calls of each round up to three chunks of eight pairs; then one timed unit.
    expect(log[0]).to.equal('ab'.repeat(24) + 'abbabaab');
  });

  it('times each call until its promise resolves', async () => {
    const t = await timeInterleavedAsync(
      () => sleep(4),
      () => sleep(0),
      { ...quick, minRounds: 4 },
    );
    expect(medianOf(t.a)).to.be.at.least(3.5);
    expect(medianOf(t.b)).to.be.below(medianOf(t.a));
  });

  it('stops at maxRounds even when the minimum time is not reached', async () => {
    const t = await timeInterleavedAsync(
      async () => {},
      async () => {},
      { ...quick, minRounds: 4, minTimeMs: 60_000, maxRounds: 40 },
    );
    expect(t.a.length).to.equal(40);
  });

  it('keeps warming up until the minimum warm-up time has passed', async () => {
    let calls = 0;
    const start = performance.now();
    await timeInterleavedAsync(
      async () => void calls++,
      async () => {},
      { ...quick, warmupMs: 30, minRounds: 4 },
    );
    expect(performance.now() - start).to.be.at.least(30);
    expect(calls).to.be.above(4);
  });
});
