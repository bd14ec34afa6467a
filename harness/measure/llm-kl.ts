import { bootstrapMean, type BootstrapOptions, type Estimate } from './bootstrap.js';

/** The top-k of one next-token distribution: token (id or text) → probability. */
export type TopK = ReadonlyMap<string | number, number>;

/** Floor of a probability in a logarithm, so a token the variant rules out gives a large finite term. */
const FLOOR = 1e-10;

/**
 * KL(P ‖ Q) of two next-token distributions known through their top-k lists. The vocabulary is
 * coarse-grained into the tokens of P's list that Q's list also holds, plus one bucket for the
 * rest of the mass of each; a KL of coarse-grained distributions never exceeds the full one
 * (data-processing inequality), so this is a lower bound that equals the full KL when both lists
 * hold the whole vocabulary (in-process).
 */
export function klTopK(p: TopK, q: TopK): number {
  let kl = 0;
  let pRest = 1;
  let qRest = 1;
  for (const [tok, pv] of p) {
    const qv = q.get(tok);
    if (qv === undefined) continue;
    pRest -= pv;
    qRest -= qv;
    if (pv > 0) kl += pv * Math.log(pv / Math.max(qv, FLOOR));
  }
  pRest = Math.max(0, pRest);
  qRest = Math.max(0, qRest);
  if (pRest > 1e-12) kl += pRest * Math.log(pRest / Math.max(qRest, FLOOR));
  return Math.max(0, kl);
}

/** Mean KL over positions (pairs of distributions at the same prefix); null when there are none. */
export function meanKl(pairs: readonly [TopK, TopK][]): number | null {
  if (pairs.length === 0) return null;
  return pairs.reduce((s, [p, q]) => s + klTopK(p, q), 0) / pairs.length;
}

/** Mean KL over the pairs with a bootstrap interval over them (pairs resampled), or null for none. */
export function klEstimate(pairs: readonly [TopK, TopK][], opts: BootstrapOptions): Estimate | null {
  if (pairs.length === 0) return null;
  return bootstrapMean(
    Float64Array.from(pairs, ([p, q]) => klTopK(p, q)),
    opts,
  );
}

/** The `k` most probable entries of a distribution. */
export function topK(dist: ReadonlyMap<string | number, number>, k: number): Map<string | number, number> {
  return new Map([...dist].sort((a, b) => b[1] - a[1]).slice(0, k));
}

/** Perplexity from the natural-log probabilities of each scored token. */
export function perplexity(logprobs: readonly number[]): number {
  if (logprobs.length === 0) return NaN;
  return Math.exp(-logprobs.reduce((s, l) => s + l, 0) / logprobs.length);
}
