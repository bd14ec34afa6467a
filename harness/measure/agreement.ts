import { bootstrapMean, type Estimate } from './bootstrap.js';
import { checkRows, divergenceRows } from './divergence.js';

/**
 * Label-free quality: how closely a variant's outputs follow the original's on the same rows.
 * Every figure is the mean of a per-row value, with a percentile bootstrap CI over rows (the same
 * seeded resamples for every figure and every variant of a seed).
 */
export interface AgreementFigures {
  /** Share of rows whose top-1 class is the original's. */
  fidelity: Estimate;
  /** Mean share of the original's k most likely classes that are among the variant's k (k = suite measure.topK, when > 1). */
  topKOverlap?: Estimate;
  /** Mean KL(original ‖ variant) in nats (probability outputs only). */
  kl?: Estimate;
  /** Mean total variation distance, ½ Σ |p − q| (probability outputs only). */
  tv?: Estimate;
  /** Mean squared difference of the outputs (outputs that are not probabilities). */
  mse?: Estimate;
}

/** True when every row is non-negative and sums to 1 (within 1e-3): a probability output. */
export function isProbabilityRows(out: Float32Array, k: number): boolean {
  for (let i = 0; i < out.length / k; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const v = out[i * k + j];
      if (!(v >= 0)) return false;
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-3) return false;
  }
  return true;
}

/** The per-row values whose means are the agreement figures, for row-major `[n, k]` outputs. */
export function agreementRows(
  reference: Float32Array,
  variant: Float32Array,
  k: number,
  topK = 1,
): Record<keyof AgreementFigures, Float64Array | undefined> {
  checkRows(reference, variant, k);
  const n = reference.length / k;
  const probs = isProbabilityRows(reference, k) && isProbabilityRows(variant, k);
  const fidelity = new Float64Array(n);
  const overlap = topK > 1 ? new Float64Array(n) : undefined;
  const mse = probs ? undefined : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = reference.subarray(i * k, (i + 1) * k);
    const q = variant.subarray(i * k, (i + 1) * k);
    fidelity[i] = argmax(p) === argmax(q) ? 1 : 0;
    if (overlap) {
      const a = topIndices(p, topK);
      const b = new Set(topIndices(q, topK));
      overlap[i] = a.filter((j) => b.has(j)).length / a.length;
    }
    if (mse) {
      let sq = 0;
      for (let j = 0; j < k; j++) sq += (p[j] - q[j]) ** 2;
      mse[i] = sq / k;
    }
  }
  const { kl, tv } = probs ? divergenceRows(reference, variant, k) : { kl: undefined, tv: undefined };
  return { fidelity, topKOverlap: overlap, kl, tv, mse };
}

/** Every agreement figure of a variant's outputs against the original's, with bootstrap intervals. */
export function agreementFigures(
  reference: Float32Array,
  variant: Float32Array,
  k: number,
  opts: { topK?: number; resamples: number; level: number; seed: number },
): AgreementFigures {
  const rows = agreementRows(reference, variant, k, opts.topK);
  const out: AgreementFigures = { fidelity: bootstrapMean(rows.fidelity!, opts) };
  for (const key of ['topKOverlap', 'kl', 'tv', 'mse'] as const) {
    const r = rows[key];
    if (r) out[key] = bootstrapMean(r, opts);
  }
  return out;
}

function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < v.length; j++) if (v[j] > v[best]) best = j;
  return best;
}

/** Indices of the `k` largest values, ties broken by the lower index. */
function topIndices(v: Float32Array, k: number): number[] {
  return Array.from(v.keys())
    .sort((a, b) => v[b] - v[a] || a - b)
    .slice(0, Math.min(k, v.length));
}
