import type { LoadedSuite } from '../suite/load.js';
import type { Cell } from '../suite/plan.js';

/**
 * Estimated cost of a cell in "variant units": one unit is compressing, evaluating and timing a
 * model; each epoch of training (the original's, or fine-tuning and student training found in a
 * method's settings) adds {@link EPOCH_COST}. Only ratios matter (shard balance, ETA).
 */
export const EPOCH_COST = 0.2;

/** Sum of every numeric setting whose name ends in `epochs` (any case), at any depth. */
export function epochsIn(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((s: number, v) => s + epochsIn(v), 0);
  if (value === null || typeof value !== 'object') return 0;
  let sum = 0;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    sum += typeof v === 'number' && /epochs$/i.test(k) ? v : epochsIn(v);
  }
  return sum;
}

/** The estimated cost of one cell of `suite`. */
export function estimateCost(cell: Cell, suite: LoadedSuite): number {
  if (cell.reference) return 1 + (suite.spec.model.path !== undefined ? 0 : suite.spec.model.train.epochs * EPOCH_COST);
  return 1 + epochsIn(cell.settings) * EPOCH_COST;
}
