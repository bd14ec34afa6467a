import { bootstrap, bootstrapMean, type Estimate } from './bootstrap.js';
import { mcnemarExact } from './paired.js';

/** Options shared by the LLM intervals. */
export interface IntervalOptions {
  resamples: number;
  level: number;
  seed: number;
}

/** Exact-match accuracy over items with its percentile bootstrap interval. */
export function llmAccuracy(correct: readonly boolean[], opts: IntervalOptions): Estimate {
  return bootstrapMean(
    Float64Array.from(correct, (v) => (v ? 1 : 0)),
    opts,
  );
}

/** A variant's answers paired with the original's on the same prompts. */
export interface LlmPaired {
  /** Share of prompts where both extracted the same answer (both none counts as the same). */
  fidelity: number;
  fidelityCi: [number, number];
  flips: { rightToWrong: number; wrongToRight: number };
  /** Exact McNemar p on the discordant pairs of correctness. */
  mcnemarP: number;
  /** Variant's accuracy over the original's, with a paired bootstrap interval over prompts. */
  retention: Estimate;
}

/** Paired figures of a variant against the original, item by item. */
export function llmPaired(
  original: { answers: readonly (string | null)[]; correct: readonly boolean[] },
  variant: { answers: readonly (string | null)[]; correct: readonly boolean[] },
  opts: IntervalOptions,
): LlmPaired {
  const n = original.correct.length;
  if (variant.correct.length !== n) throw new Error(`paired LLM figures need the same prompts: ${n} vs ${variant.correct.length}`);
  const same = Float64Array.from({ length: n }, (_, i) => (original.answers[i] === variant.answers[i] ? 1 : 0));
  let b = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (original.correct[i] && !variant.correct[i]) b++;
    else if (!original.correct[i] && variant.correct[i]) c++;
  }
  const fid = bootstrap(n, (rows) => (rows.length ? rows.reduce((s, r) => s + same[r], 0) / rows.length : 1), opts);
  const retention = bootstrap(
    n,
    (rows) => {
      let o = 0;
      let v = 0;
      for (const r of rows) {
        o += original.correct[r] ? 1 : 0;
        v += variant.correct[r] ? 1 : 0;
      }
      return o === 0 ? (v === 0 ? 1 : Infinity) : v / o;
    },
    opts,
  );
  return { fidelity: fid.value, fidelityCi: fid.ci, flips: { rightToWrong: b, wrongToRight: c }, mcnemarP: mcnemarExact(b, c), retention };
}
