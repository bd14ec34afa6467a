import { bootstrapMean, type Estimate } from './bootstrap.js';

/** Variant probabilities are clipped to at least this before KL's log, so a zero does not make it infinite. */
export const KL_EPS = 1e-7;

/** Mean KL(original ‖ variant) in nats and mean total variation ½ Σ |p − q| over rows, with bootstrap intervals. */
export interface Divergence {
  kl: Estimate;
  tv: Estimate;
}

/**
 * Per-row KL(original ‖ variant) in nats (variant clipped at {@link KL_EPS}, negatives from
 * rounding raised to 0) and total variation ½ Σ |p − q| of row-major `[n, k]` probabilities.
 */
export function divergenceRows(reference: Float32Array, variant: Float32Array, k: number): { kl: Float64Array; tv: Float64Array } {
  checkRows(reference, variant, k);
  const n = reference.length / k;
  const kl = new Float64Array(n);
  const tv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let klSum = 0;
    let tvSum = 0;
    for (let j = i * k; j < (i + 1) * k; j++) {
      const p = reference[j];
      const q = variant[j];
      if (p > 0) klSum += p * Math.log(p / Math.max(q, KL_EPS));
      tvSum += Math.abs(p - q);
    }
    kl[i] = Math.max(0, klSum);
    tv[i] = tvSum / 2;
  }
  return { kl, tv };
}

/**
 * How far a variant's output distributions moved from the original's on the same rows: the
 * per-row KL divergence and total variation of row-major `[n, k]` probabilities, averaged, each
 * with a percentile bootstrap interval over rows (seeded like every bootstrap of the seed).
 */
export function divergence(
  reference: Float32Array,
  variant: Float32Array,
  k: number,
  opts: { resamples: number; level: number; seed: number },
): Divergence {
  const rows = divergenceRows(reference, variant, k);
  return { kl: bootstrapMean(rows.kl, opts), tv: bootstrapMean(rows.tv, opts) };
}

/** Throws unless both outputs are whole rows of `k` values and of the same length. */
export function checkRows(reference: Float32Array, variant: Float32Array, k: number): void {
  if (reference.length !== variant.length || reference.length % k !== 0)
    throw new Error(`outputs of ${variant.length} values against ${reference.length}; both must be rows of ${k}`);
}
