import type { Cell } from '../suite/plan.js';
import { assignShards, type Shard } from './shard.js';

/** The cells one run records and the cells it must compute (or fetch) to do so. */
export interface Selection {
  /** Ids of the cells that go into this run's record. */
  recorded: Set<string>;
  /** Cells to obtain, in plan order: the recorded ones plus the originals their seeds need. */
  needed: Cell[];
  /** Ids of every cell of the (filtered, unsharded) plan, in plan order. */
  planIds: string[];
}

/**
 * Applies `--filter` (cells whose id or variant contains the text, with their control cells;
 * originals always stay) and
 * `--shard` (the cells assigned to this shard by estimated cost). A shard also obtains the
 * originals of its variants' seeds and their control cells; those another shard records are kept out of its record,
 * so merged shards hold every cell once.
 */
export function selectCells(
  cells: readonly Cell[],
  filter: string | undefined,
  shard: Shard | undefined,
  cost: (c: Cell) => number,
): Selection {
  const matches = (c: Cell) => !filter || c.id.includes(filter) || c.variant.includes(filter);
  // A kept variant keeps its controls: its comparison with them is part of its figures.
  const wanted = new Set(cells.filter(matches).flatMap((c) => c.controls ?? []));
  const kept = cells.filter((c) => c.reference || matches(c) || wanted.has(c.id));
  const planIds = kept.map((c) => c.id);
  if (!shard) return { recorded: new Set(planIds), needed: kept, planIds };
  const assigned = assignShards(kept, shard.count, cost);
  const recorded = new Set(planIds.filter((id) => assigned.get(id) === shard.index));
  const seeds = new Set(kept.filter((c) => !c.reference && recorded.has(c.id)).map((c) => c.seed));
  const controls = new Set(kept.filter((c) => recorded.has(c.id)).flatMap((c) => c.controls ?? []));
  const needed = kept.filter((c) => recorded.has(c.id) || controls.has(c.id) || (c.reference && seeds.has(c.seed)));
  return { recorded, needed, planIds };
}
