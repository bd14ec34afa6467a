import { Rng } from '../data/random.js';

/** A value with its confidence interval. */
export interface Estimate {
  value: number;
  ci: [number, number];
}

/**
 * Percentile bootstrap over rows: `statistic(indices)` is evaluated on `resamples` seeded
 * resamples of the row indices `0..n-1` (with replacement). Returns the statistic on all rows and
 * the `level` percentile interval.
 */
export function bootstrap(
  n: number,
  statistic: (rows: Int32Array) => number,
  opts: { resamples?: number; level?: number; seed?: number } = {},
): Estimate {
  const { resamples = 1000, level = 0.95, seed = 0 } = opts;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const value = statistic(all);
  if (n === 0) return { value, ci: [value, value] };
  const rng = new Rng(Rng.derive(seed, 'bootstrap'));
  const stats = new Float64Array(resamples);
  const rows = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) rows[i] = rng.int(n);
    stats[b] = statistic(rows);
  }
  stats.sort();
  return { value, ci: [quantile(stats, (1 - level) / 2), quantile(stats, 1 - (1 - level) / 2)] };
}

/** Linear-interpolated quantile of an ascending array. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
