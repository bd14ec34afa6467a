import { rowSize } from '../data/types.js';
import type { SpeedFigures } from '../measure/speed.js';
import { timeOnRuntime } from '../runtimes/time-runtime.js';
import type { LoadedModel, Runtime } from '../runtimes/types.js';
import { speedStats } from './cell-settings.js';
import type { SeedContext } from './types.js';

/**
 * Times `candidate` against `reference` on `runtime` over this seed's test split, with the
 * suite's speed protocol and statistics: every runtime cell is timed the same way.
 */
export function timeOnTestSplit(
  ctx: Pick<SeedContext, 'suite' | 'dataset'>,
  runtime: Runtime,
  reference: LoadedModel,
  candidate: LoadedModel,
  seed: number,
): Promise<SpeedFigures> {
  const test = ctx.dataset.test;
  return timeOnRuntime(
    runtime,
    reference,
    candidate,
    test.x,
    test.n,
    rowSize(ctx.dataset),
    ctx.suite.spec.measure.speed,
    speedStats(ctx),
    seed,
  );
}
