import { bootstrap, quantile, type Estimate } from './bootstrap.js';
import type { IntervalOptions } from './llm-quality.js';

/** Timings of one generation. */
export interface GenerationTiming {
  promptTokens: number;
  genTokens: number;
  /** Time to the first generated token (prompt processing included). */
  ttftMs: number;
  /** Whole request, first token included. */
  totalMs: number;
}

/** Speed figures of a model over its prompts. */
export interface LlmSpeed {
  ttftMs: { p50: number; p95: number };
  /** Generated tokens after the first per second of decoding, p50/p95 over prompts. */
  genTokensPerSec: { p50: number; p95: number };
  /** Prompt tokens per second of prompt processing (time to first token), median over prompts. */
  promptTokensPerSec: number;
  prompts: number;
}

const pct = (values: number[]): { p50: number; p95: number } => {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p95: quantile(s, 0.95) };
};

/** Decoding rate of one generation (tokens after the first over the time after it), NaN below two tokens. */
export function decodeRate(t: GenerationTiming): number {
  const ms = t.totalMs - t.ttftMs;
  return t.genTokens >= 2 && ms > 0 ? ((t.genTokens - 1) * 1000) / ms : NaN;
}

/** p50/p95 over prompts of the time to first token and the decoding rate; prompt tokens/s. */
export function llmSpeed(timings: readonly GenerationTiming[]): LlmSpeed {
  return {
    ttftMs: pct(timings.map((t) => t.ttftMs)),
    genTokensPerSec: pct(timings.map(decodeRate)),
    promptTokensPerSec: pct(timings.map((t) => (t.ttftMs > 0 ? (t.promptTokens * 1000) / t.ttftMs : NaN))).p50,
    prompts: timings.length,
  };
}

/**
 * Decoding tokens/s of a variant over the original's, from generations timed interleaved on the
 * same prompts: the ratio of total decoding rates (tokens over time, summed over prompts) with a
 * paired bootstrap interval over prompts. Prompts where either generated under two tokens are left
 * out; null when none is left.
 */
export function tokensPerSecRatio(
  original: readonly GenerationTiming[],
  variant: readonly GenerationTiming[],
  opts: IntervalOptions,
): Estimate | null {
  const pairs = original
    .map((o, i) => [o, variant[i]] as const)
    .filter(([o, v]) => v && o.genTokens >= 2 && v.genTokens >= 2 && o.totalMs > o.ttftMs && v.totalMs > v.ttftMs);
  if (pairs.length === 0) return null;
  const rate = (rows: Int32Array, k: 0 | 1) => {
    let tok = 0;
    let ms = 0;
    for (const r of rows) {
      const t = pairs[r][k];
      tok += t.genTokens - 1;
      ms += t.totalMs - t.ttftMs;
    }
    return tok / ms;
  };
  return bootstrap(pairs.length, (rows) => rate(rows, 1) / rate(rows, 0), opts);
}

/** Decoding tokens/s over all the generations (tokens over time, summed), with a bootstrap interval over prompts; null below two tokens each. */
export function decodeRateEstimate(timings: readonly GenerationTiming[], opts: IntervalOptions): Estimate | null {
  const usable = timings.filter((t) => t.genTokens >= 2 && t.totalMs > t.ttftMs);
  if (usable.length === 0) return null;
  return bootstrap(
    usable.length,
    (rows) => {
      let tok = 0;
      let ms = 0;
      for (const r of rows) {
        tok += usable[r].genTokens - 1;
        ms += usable[r].totalMs - usable[r].ttftMs;
      }
      return (tok * 1000) / ms;
    },
    opts,
  );
}
