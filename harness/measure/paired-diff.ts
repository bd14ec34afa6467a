import { bootstrapRng, percentileInterval, type Estimate } from './bootstrap.js';
import { mcnemarExact } from './paired.js';
import { CONFUSION_METRICS, metricsFromCounts, type ConfusionMetric } from './quality.js';

/** One prediction vector compared with another on the same rows. */
export interface PairedDifference {
  /** Variant metric − other metric, with a paired percentile bootstrap interval (the same resampled rows for both). */
  metrics: Record<ConfusionMetric, Estimate>;
  /** Rows the other got right and the variant wrong, and the reverse. */
  flips: { rightToWrong: number; wrongToRight: number };
  /** Exact two-sided McNemar p-value of those flips. */
  mcnemarP: number;
}

/**
 * Every confusion metric of `variant` minus that of `other` on the labels `y` of `k` classes,
 * each with a paired bootstrap interval: a resample draws rows once and scores both vectors on
 * them (seeded like every bootstrap of the seed), so the interval reflects the pairing.
 */
export function pairedDifference(
  y: Int32Array,
  k: number,
  variant: Int32Array,
  other: Int32Array,
  opts: { resamples: number; level: number; seed: number },
): PairedDifference {
  const n = y.length;
  if (variant.length !== n || other.length !== n)
    throw new Error(`paired difference of ${variant.length} and ${other.length} predictions for ${n} labels; both must cover every row`);
  const M = CONFUSION_METRICS.length;
  const vCode = Int32Array.from(y, (t, r) => t * k + variant[r]);
  const oCode = Int32Array.from(y, (t, r) => t * k + other[r]);
  const vCounts = new Float64Array(k * k);
  const oCounts = new Float64Array(k * k);
  const vOut = new Float64Array(M);
  const oOut = new Float64Array(M);
  const scratch = new Float64Array(2 * k);
  const score = (rows: ArrayLike<number> | undefined, into: Float64Array[], b: number) => {
    vCounts.fill(0);
    oCounts.fill(0);
    for (let i = 0; i < n; i++) {
      const r = rows ? rows[i] : i;
      vCounts[vCode[r]]++;
      oCounts[oCode[r]]++;
    }
    metricsFromCounts(vCounts, k, vOut, scratch);
    metricsFromCounts(oCounts, k, oOut, scratch);
    for (let m = 0; m < M; m++) into[m][b] = vOut[m] - oOut[m];
  };
  const point = CONFUSION_METRICS.map(() => new Float64Array(1));
  score(undefined, point, 0);
  const stats = CONFUSION_METRICS.map(() => new Float64Array(opts.resamples));
  if (n > 0) {
    const rng = bootstrapRng(opts.seed);
    const rows = new Int32Array(n);
    for (let b = 0; b < opts.resamples; b++) {
      for (let i = 0; i < n; i++) rows[i] = rng.int(n);
      score(rows, stats, b);
    }
  }
  const metrics = {} as Record<ConfusionMetric, Estimate>;
  CONFUSION_METRICS.forEach((name, m) => {
    const value = point[m][0];
    metrics[name] = { value, ci: n > 0 ? percentileInterval(stats[m], opts.level) : [value, value] };
  });
  let b = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const o = other[i] === y[i];
    const v = variant[i] === y[i];
    if (o && !v) b++;
    else if (!o && v) c++;
  }
  return { metrics, flips: { rightToWrong: b, wrongToRight: c }, mcnemarP: mcnemarExact(b, c) };
}
