import { Rng } from '../data/random.js';

/** A value with its confidence interval. */
export interface Estimate {
  value: number;
  ci: [number, number];
}

/** Options of a percentile bootstrap. */
export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  resamples?: number;
  /** Confidence level of the interval (default 0.95). */
  level?: number;
  /** Seed of the resampling stream (default 0). */
  seed?: number;
}

/** The random stream every bootstrap of a seed draws its resampled rows from. */
export function bootstrapRng(seed: number): Rng {
  return new Rng(Rng.derive(seed, 'bootstrap'));
}

/**
 * Percentile bootstrap over rows: `statistic(indices)` is evaluated on `resamples` seeded
 * resamples of the row indices `0..n-1` (with replacement). Returns the statistic on all rows and
 * the `level` percentile interval. The `rows` array passed in is reused between calls.
 */
export function bootstrap(n: number, statistic: (rows: Int32Array) => number, opts: BootstrapOptions = {}): Estimate {
  const { resamples = 1000, level = 0.95, seed = 0 } = opts;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const value = statistic(all);
  if (n === 0) return { value, ci: [value, value] };
  const rng = bootstrapRng(seed);
  const stats = new Float64Array(resamples);
  const rows = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) rows[i] = rng.int(n);
    stats[b] = statistic(rows);
  }
  return { value, ci: percentileInterval(stats, level) };
}

/** The mean of `values` with a percentile bootstrap interval over them (see {@link bootstrap}). */
export function bootstrapMean(values: ArrayLike<number>, opts: BootstrapOptions = {}): Estimate {
  return bootstrap(
    values.length,
    (rows) => {
      let s = 0;
      for (let i = 0; i < rows.length; i++) s += values[rows[i]];
      return rows.length ? s / rows.length : 0;
    },
    opts,
  );
}

/** The central `level` percentile interval of bootstrap statistics (sorts `stats` in place). */
export function percentileInterval(stats: Float64Array, level: number): [number, number] {
  stats.sort();
  return [quantile(stats, (1 - level) / 2), quantile(stats, 1 - (1 - level) / 2)];
}

/** Linear-interpolated quantile of an ascending array. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
