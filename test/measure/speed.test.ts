import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'chai';
import { Rng } from '../../harness/data/random.js';
import { quantile } from '../../harness/measure/bootstrap.js';
import type { Dataset } from '../../harness/data/types.js';
import { pairedSpeedup, selectQuantile, timeInterleaved } from '../../harness/measure/speed-protocol.js';
import { measureSpeed, speedSettings } from '../../harness/measure/speed.js';

/** A 24-feature, 4-class dataset of seeded noise (only its shape matters for timing). */
function noiseDataset(n: number): Dataset {
  const rng = new Rng(4);
  const split = () => ({
    x: Float32Array.from({ length: n * 24 }, () => rng.next()),
    y: Int32Array.from({ length: n }, () => rng.int(4)),
    n,
  });
  return {
    name: 'noise',
    hash: 'noise',
    inputShape: [24],
    inputKind: 'float',
    featureNames: [],
    classNames: ['a', 'b', 'c', 'd'],
    train: split(),
    test: split(),
  };
}

/** The quickstart-sized MLP: 24 → 64 → 32 → 4. */
function mlp(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [24], units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
}

const quick = { warmupRounds: 2, warmupMs: 0, minRounds: 10, minTimeMs: 5, maxRounds: 1000 };

describe('speed protocol', () => {
  before(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('finds quantiles by quickselect exactly as sorting does', () => {
    const rng = new Rng(9);
    for (const n of [1, 2, 3, 10, 101, 256]) {
      const v = Float64Array.from({ length: n }, () => Math.round(rng.next() * 20));
      const sorted = Float64Array.from(v).sort();
      for (const q of [0.1, 0.25, 0.5, 0.9])
        expect(selectQuantile(Float64Array.from(v), q), `n = ${n}, q = ${q}`).to.equal(quantile(sorted, q));
    }
  });

  it('times both functions equally often, in whole units, until count and time minimums are met', () => {
    let a = 0;
    let b = 0;
    const t = timeInterleaved(
      () => void a++,
      () => void b++,
      { ...quick, minRounds: 13, minTimeMs: 0 },
    );
    expect(a).to.equal(b);
    expect(t.a.length).to.equal(16);
    expect(t.b.length).to.equal(16);
    const slow = timeInterleaved(
      () => void performance.now(),
      () => void performance.now(),
      { ...quick, minRounds: 4, minTimeMs: 2, maxRounds: 10_000_000 },
    );
    expect(
      Math.min(
        slow.a.reduce((x, y) => x + y),
        slow.b.reduce((x, y) => x + y),
      ),
    ).to.be.at.least(2);
  });

  it('times the probe once after each unit, outside the time minimum', () => {
    let probes = 0;
    const t = timeInterleaved(
      () => {},
      () => {},
      { ...quick, minRounds: 13, minTimeMs: 0 },
      () => void probes++,
    );
    // one untimed call after the warm-up, then one per unit of 4 calls of each function
    expect(t.probe!.length).to.equal(4);
    expect(probes).to.equal(5);
    expect(
      timeInterleaved(
        () => {},
        () => {},
        { ...quick, minRounds: 4, minTimeMs: 0 },
      ).probe,
    ).to.equal(undefined);
  });

  it('mirrors alternate units, so each function follows the probe equally often', () => {
    let log = '';
    timeInterleaved(
      () => void (log += 'a'),
      () => void (log += 'b'),
      { ...quick, warmupRounds: 0, minRounds: 16, minTimeMs: 0 },
      () => void (log += '|'),
    );
    const units = log.split('|').slice(1, -1);
    expect(units).to.deep.equal(['abbabaab', 'baababba', 'abbabaab', 'baababba']);
  });

  it('stops at maxRounds even when the minimum time is not reached', () => {
    const t = timeInterleaved(
      () => {},
      () => {},
      { ...quick, minRounds: 4, minTimeMs: 60_000, maxRounds: 40 },
    );
    expect(t.a.length).to.equal(40);
  });

  it('reports a speedup of exactly 2 when every call of b takes half as long', () => {
    const b = Float64Array.from({ length: 40 }, (_, i) => 1 + (i % 7) / 10);
    const a = b.map((v) => 2 * v);
    const s = pairedSpeedup({ a, b }, { resamples: 500, level: 0.95, seed: 1 });
    expect(s.value).to.equal(2);
    expect(s.ci).to.deep.equal([2, 2]);
  });

  it('sees through slow-downs of most calls with a lower quantile', () => {
    // b is twice as fast as a, but 55% of its calls were delayed tenfold by something else.
    const a = new Float64Array(40).fill(2);
    const b = Float64Array.from({ length: 40 }, (_, i) => (i % 20 < 11 ? 10 : 1));
    const stats = { resamples: 200, level: 0.95, seed: 1 };
    expect(pairedSpeedup({ a, b }, stats).value).to.equal(0.2);
    expect(pairedSpeedup({ a, b }, { ...stats, quantile: 0.25 }).value).to.equal(2);
  });

  it('gives a model timed against itself a speedup CI that contains 1', function () {
    // A statistical check: a 95% interval misses about 1 time in 20, so allow two re-runs.
    this.retries(2);
    const model = mlp();
    const s = measureSpeed(model, model, noiseDataset(256), speedSettings.parse({ minTimeMs: 200, latencyRounds: 0 }), 5);
    model.dispose();
    expect(s.speedup.ci[0]).to.be.at.most(1);
    expect(s.speedup.ci[1]).to.be.at.least(1);
  });

  it('reports throughput, batch-1 latency percentiles and noise figures', () => {
    const model = mlp();
    const s = measureSpeed(
      model,
      model,
      noiseDataset(64),
      speedSettings.parse({ batch: 32, minRounds: 8, minTimeMs: 10, latencyRounds: 20, latencyTimeMs: 5 }),
      1,
    );
    model.dispose();
    expect(s.throughput.batch).to.equal(32);
    expect(s.throughput.ci[0]).to.be.at.most(s.throughput.samplesPerSec);
    expect(s.throughput.ci[1]).to.be.at.least(s.throughput.samplesPerSec);
    expect(s.rounds).to.be.at.least(8);
    expect(s.latencyRounds).to.be.at.least(20);
    expect(s.latencyMs!.p50).to.be.at.most(s.latencyMs!.p95);
    expect(s.latencyMs!.p95).to.be.at.most(s.latencyMs!.p99);
    expect(s.rme).to.be.greaterThan(0);
    expect(s.noisy).to.equal((s.speedup.ci[1] - s.speedup.ci[0]) / 2 / s.speedup.value > 0.1);
    // a 128 x 128 matmul on wasm: far above 0.1 and below 1000 GFLOP/s on any cpu
    expect(s.calibrationGflops).to.be.within(0.1, 1000);
  });
});
