import { InputError } from '../errors.js';
import type { Cell } from '../suite/plan.js';

/** One shard of a run: `index` of `count`, 1-based. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `--shard i/n` (1 <= i <= n). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new InputError(`--shard ${text}: write i/n with 1 <= i <= n, e.g. --shard 1/2`, 'bad-shard');
  }
  return { index, count };
}

/**
 * Assigns every cell to one of `count` shards, balanced by estimated cost: longest first, each to
 * the least-loaded shard (ties to the lower shard; cells of equal cost in plan order). The result
 * depends only on the cells and their costs, so every shard computes the same assignment.
 */
export function assignShards(cells: readonly Cell[], count: number, cost: (cell: Cell) => number): Map<string, number> {
  const order = cells.map((cell, i) => ({ cell, i, c: cost(cell) })).sort((a, b) => b.c - a.c || a.i - b.i);
  const load = new Array<number>(count).fill(0);
  const out = new Map<string, number>();
  for (const { cell, c } of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s] < load[best] - 1e-9) best = s;
    load[best] += c;
    out.set(cell.id, best + 1);
  }
  return out;
}
