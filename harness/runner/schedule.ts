import type { Dataset } from '../data/types.js';
import type { CellRecord } from '../results/record.js';
import type { LoadedSuite } from '../suite/load.js';
import type { CellResult, CellTask, SeedData } from './executor.js';
import { failedRecord } from './outcome.js';
import type { Planned } from './plan-run.js';
import type { TaskRunner } from './task-runner.js';

/** What the schedule runs cells with, and where each finished cell goes. */
export interface ScheduleContext {
  suite: LoadedSuite;
  /** The data handed to tasks (shared memory when there are several workers). */
  dataset: Dataset;
  /** Undefined when every cell comes from the cache. */
  runner: TaskRunner | undefined;
  /** Called once for every cell, as soon as it is finished (cached: it came from the cache or a twin). */
  finish(p: Planned, record: CellRecord, cached: boolean): void;
}

/**
 * Obtains every planned cell: from the cache, from its twin, or by running its task. Originals
 * start first (in parallel across seeds); each seed's variants follow as soon as its original is
 * ready. A cell that throws, or whose worker dies, finishes as `failed` and the others go on.
 */
export async function scheduleCells(planned: Iterable<Planned>, ctx: ScheduleContext): Promise<void> {
  const all = [...planned];
  const inflight = new Map<string, Promise<CellResult | undefined>>();
  const obtainNow = async (p: Planned, task: () => Promise<CellTask>): Promise<CellResult | undefined> => {
    if (p.hit) {
      ctx.finish(p, p.hit.record, true);
      return p.hit;
    }
    if (p.twin) {
      // Same key as an earlier cell (same method and settings under another name): one computation.
      const twin = await inflight.get(p.twin);
      ctx.finish(
        p,
        twin ? twin.record : failedRecord(p.cell, new Error(`cell ${p.twin}, which has the same method and settings, failed`)),
        twin !== undefined,
      );
      return twin;
    }
    try {
      const result = await ctx.runner!.run(await task());
      ctx.finish(p, result.record, false);
      return result;
    } catch (err) {
      ctx.finish(p, failedRecord(p.cell, err), false);
      return undefined;
    }
  };
  const obtain = (p: Planned, task: () => Promise<CellTask>): Promise<CellResult | undefined> => {
    const promise = obtainNow(p, task);
    inflight.set(p.cell.id, promise);
    return promise;
  };

  const { suite, dataset } = ctx;
  const seeds = new Map<number, Promise<SeedData | undefined>>();
  for (const p of all) {
    if (!p.cell.reference) continue;
    const task = async (): Promise<CellTask> => ({ kind: 'original', suite, dataset, cell: p.cell, entry: p.entry });
    seeds.set(
      p.cell.seed,
      obtain(p, task).then((r) => r?.seed),
    );
  }
  await Promise.all(
    all
      .filter((p) => !p.cell.reference)
      .map((p) =>
        obtain(p, async () => {
          const seed = await seeds.get(p.cell.seed);
          if (!seed) throw new Error(`the original model of seed ${p.cell.seed} failed, so this variant cannot be measured`);
          return { kind: 'variant', suite, dataset, seed, cell: p.cell, entry: p.entry };
        }),
      ),
  );
  await Promise.all(seeds.values());
}
