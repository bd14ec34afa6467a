import type { LoadedSuite } from './load.js';
import { expandSettings, pointLabel, sweptKeys } from './sweep.js';
import { getMethod } from '../methods/index.js';

/** One (variant, settings, seed) point to measure, or the original model (`reference: true`). */
export interface Cell {
  id: string;
  variant: string;
  method: string;
  /** Settings after validation against the method's schema (defaults filled in). */
  settings: Record<string, unknown>;
  seed: number;
  reference: boolean;
}

/** The cells of a suite, in run order (each seed's original before its variants). */
export interface Plan {
  suite: LoadedSuite;
  quick: boolean;
  cells: Cell[];
}

/** The name of the original model's cells. */
export const ORIGINAL = 'original';

/**
 * Expands a validated suite into cells: every sweep point of every variant, for each seed
 * (`seed`, `seed + 1`, ... for `repeats`). Settings were validated by `loadSuite`.
 */
export function expandPlan(suite: LoadedSuite, quick = false): Plan {
  const { spec } = suite;
  const cells: Cell[] = [];
  const seeds = Array.from({ length: spec.repeats }, (_, i) => spec.seed + i);
  const tag = (seed: number) => (spec.repeats > 1 ? `#s${seed}` : '');
  for (const seed of seeds) {
    cells.push({ id: `${ORIGINAL}${tag(seed)}`, variant: ORIGINAL, method: 'none', settings: {}, seed, reference: true });
    for (const v of spec.variants) {
      for (const { settings, label } of variantPoints(v, quick ? spec.quick.sweepPoints : undefined)) {
        cells.push({ id: `${v.name}${label ? `[${label}]` : ''}${tag(seed)}`, variant: v.name, method: v.method, settings, seed, reference: false });
      }
    }
  }
  return { suite, quick, cells };
}

/** The validated settings points of one variant, with their id labels. */
export function variantPoints(
  v: { method: string; settings: Record<string, unknown>; zip: boolean },
  sweepPoints?: number,
): { settings: Record<string, unknown>; label: string; raw: Record<string, unknown> }[] {
  const method = getMethod(v.method);
  const swept = sweptKeys(v.settings, method.settings);
  return expandSettings(v.settings, swept, v.zip, sweepPoints).map((raw) => ({
    raw,
    label: pointLabel(raw, swept),
    settings: method.settings.parse(raw) as Record<string, unknown>,
  }));
}
