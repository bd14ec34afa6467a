import type { MetricState } from './types.js';

// Figures read back from JSON differ from hand-typed thresholds in the last bits (1 − 0.9/1.0).
const EPS = 1e-9;

/** True when a change in one direction (`amount` > 0) reaches the tolerance. */
export function reaches(amount: number, tolerance: number): boolean {
  return amount > EPS && amount >= tolerance - EPS;
}

const RANK: Record<MetricState, number> = { regressed: 4, noisy: 3, improved: 2, pass: 1, skipped: 0 };

/** The state that dominates: regressed, then noisy, then improved, then pass. */
export function worstState(states: readonly MetricState[]): MetricState {
  let worst: MetricState = 'pass';
  for (const s of states) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

/** Half the width of an interval relative to its value (0 when unknown). */
export function relativeHalfWidth(value: number, ci: readonly [number, number] | undefined): number {
  if (!ci || !(value > 0) || !Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) return 0;
  return Math.abs(ci[1] - ci[0]) / 2 / value;
}
