import { z } from 'zod';

/**
 * Per-row quality figures that need class probabilities. Each is a per-row value whose mean is
 * the metric, so a bootstrap resample only has to sum the resampled rows.
 */

/** Probabilities are clipped to [LOG_LOSS_EPS, 1] before the log (scikit-learn's classic clip). */
export const LOG_LOSS_EPS = 1e-15;

/**
 * Suite setting `measure.topK`: top-k accuracy is reported for this k (as `quality.top<k>Accuracy`);
 * 1 leaves it out, since top-1 accuracy is `accuracy`.
 */
export const topKSetting = z.number().int().min(1).max(1000).default(1).describe('k of top-k accuracy (1 = not reported)');

/** The metric name of top-k accuracy. */
export function topKName(k: number): string {
  return `top${k}Accuracy`;
}

/** `-ln p(true class)` of every row of row-major `[n, k]` probabilities. */
export function logLossRows(probs: Float32Array, y: ArrayLike<number>, k: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const p = probs[i * k + y[i]];
    out[i] = -Math.log(Math.min(1, Math.max(LOG_LOSS_EPS, p)));
  }
  return out;
}

/**
 * 1 for rows whose true class is among the `topK` most probable classes, else 0. A class tied with
 * the true class does not push it out (ties count in the true class's favour).
 */
export function topKHits(probs: Float32Array, y: ArrayLike<number>, k: number, topK: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const p = probs[i * k + y[i]];
    let above = 0;
    for (let j = 0; j < k; j++) if (probs[i * k + j] > p) above++;
    out[i] = above < topK ? 1 : 0;
  }
  return out;
}

/** Mean of an array (0 when empty). */
export function meanOf(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : 0;
}
