import type { EvalSettings } from '../measure/evaluate.js';
import type { SpeedStats } from '../measure/speed.js';
import type { SeedContext } from './types.js';

/** Quality statistics settings for a cell of this seed (suite `measure`: ciLevel, resamples, topK). */
export function evalSettings(ctx: Pick<SeedContext, 'suite' | 'dataset'>, seed: number): EvalSettings {
  const m = ctx.suite.spec.measure;
  return { ciLevel: m.ciLevel, resamples: m.resamples, seed, topK: m.topK, ...(ctx.dataset.labeled === false ? { labelFree: true } : {}) };
}

/** Speed statistics settings of the suite (the same level and resamples as the quality figures). */
export function speedStats(ctx: Pick<SeedContext, 'suite'>): SpeedStats {
  return { level: ctx.suite.spec.measure.ciLevel, resamples: ctx.suite.spec.measure.resamples };
}
