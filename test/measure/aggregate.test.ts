import { expect } from 'chai';
import { aggregateSeeds, overSeeds } from '../../harness/measure/aggregate.js';
import { incompleteBeta, sampleSd, tCdf, tQuantile } from '../../harness/measure/stats.js';
import type { CellRecord } from '../../harness/results/record.js';

function cell(
  id: string,
  seed: number,
  accuracy: number,
  speedup: number,
  settings: Record<string, unknown> = { sparsity: 0.5 },
): CellRecord {
  return {
    id,
    variant: 'pruned',
    method: 'prune',
    settings,
    seed,
    reference: false,
    status: 'ok',
    quality: { accuracy: { value: accuracy, ci: [0, 1] } },
    speed: { throughput: { batch: 1, samplesPerSec: 100, ci: [90, 110] }, speedup: { value: speedup, ci: [0, 2] } },
  };
}

describe('statistics over seeds', () => {
  it('matches tabulated Student-t quantiles', () => {
    expect(tQuantile(0.975, 1)).to.be.closeTo(12.7062, 1e-4);
    expect(tQuantile(0.975, 2)).to.be.closeTo(4.302653, 1e-6);
    expect(tQuantile(0.975, 4)).to.be.closeTo(2.776445, 1e-6);
    expect(tQuantile(0.95, 10)).to.be.closeTo(1.812461, 1e-6);
    expect(tQuantile(0.025, 4)).to.be.closeTo(-2.776445, 1e-6);
  });

  it('has a t CDF of 1/2 at zero and the Cauchy CDF at one degree of freedom', () => {
    expect(tCdf(0, 5)).to.be.closeTo(0.5, 1e-12);
    expect(tCdf(1, 1)).to.be.closeTo(0.75, 1e-12);
    expect(incompleteBeta(0.5, 2, 2)).to.be.closeTo(0.5, 1e-12);
  });

  it('computes mean, sample sd and the t interval by hand', () => {
    // 0.8, 0.9, 1.0: mean 0.9, sd 0.1, half-width t(0.975, 2) · 0.1 / √3.
    const f = overSeeds([0.8, 0.9, 1.0], 0.95);
    expect(f.mean).to.be.closeTo(0.9, 1e-12);
    expect(f.sd).to.be.closeTo(0.1, 1e-12);
    const h = (4.302653 * 0.1) / Math.sqrt(3);
    expect(f.ci![0]).to.be.closeTo(0.9 - h, 1e-6);
    expect(f.ci![1]).to.be.closeTo(0.9 + h, 1e-6);
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).to.be.closeTo(Math.sqrt(32 / 7), 1e-12);
  });

  it('gives no sd or interval for a single seed', () => {
    expect(overSeeds([0.7], 0.95)).to.deep.equal({ mean: 0.7, sd: null, ci: null, n: 1 });
  });

  it('groups cells by variant and settings and aggregates quality and speedup', () => {
    const cells = [
      cell('a#s1', 1, 0.8, 1.1),
      cell('b#s1', 1, 0.5, 2, { sparsity: 0.9 }),
      cell('a#s2', 2, 1.0, 1.3),
      cell('b#s2', 2, 0.7, 2, { sparsity: 0.9 }),
    ];
    cells.push({ ...cell('a#s3', 3, 0, 0), status: 'failed', quality: undefined, speed: undefined });
    const agg = aggregateSeeds(cells, 0.95);
    expect(agg.map((a) => a.cells)).to.deep.equal([
      ['a#s1', 'a#s2'],
      ['b#s1', 'b#s2'],
    ]);
    expect(agg[0].figures['quality.accuracy'].mean).to.be.closeTo(0.9, 1e-12);
    expect(agg[0].figures['quality.accuracy'].sd).to.be.closeTo(Math.SQRT2 * 0.1, 1e-12);
    expect(agg[0].figures['speed.speedup'].mean).to.be.closeTo(1.2, 1e-12);
    expect(agg[1].figures['speed.speedup'].sd).to.equal(0);
    expect(agg[1].seeds).to.deep.equal([1, 2]);
  });

  it('aggregates KL and total variation over seeds', () => {
    const withDivergence = (id: string, seed: number, kl: number): CellRecord => ({
      ...cell(id, seed, 0.9, 1),
      kl: { value: kl, ci: [0, 1] },
      tv: { value: kl / 2, ci: [0, 1] },
    });
    const [agg] = aggregateSeeds([withDivergence('a#s1', 1, 0.1), withDivergence('a#s2', 2, 0.3)], 0.95);
    expect(agg.figures.kl.mean).to.be.closeTo(0.2, 1e-12);
    expect(agg.figures.tv.mean).to.be.closeTo(0.1, 1e-12);
  });
});
