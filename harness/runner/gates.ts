import { readNumber } from '../results/paths.js';
import type { CellRecord, GateRecord } from '../results/record.js';
import type { SuiteSpec } from '../suite/schema.js';

/** True when `value` satisfies a comparison such as `>= 0.99`. */
export function compare(value: number, condition: string): boolean {
  const m = /^\s*(>=|<=|>|<|==)\s*(\S+)\s*$/.exec(condition);
  if (!m) return false;
  const target = Number(m[2]);
  switch (m[1]) {
    case '>=':
      return value >= target;
    case '<=':
      return value <= target;
    case '>':
      return value > target;
    case '<':
      return value < target;
    default:
      return value === target;
  }
}

/**
 * Adds `delta.<metric>` to every ok variant cell, in place: its quality metric minus that of the
 * original of the same seed (so `delta.accuracy: ">= -0.005"` reads "at most half a point lost").
 * `originals` may hold originals the cells' record does not (a shard's variants of a seed whose
 * original another shard records).
 */
export function addDeltas(cells: CellRecord[], originals: CellRecord[] = cells): void {
  const bySeed = new Map(originals.filter((c) => c.reference && c.status === 'ok').map((c) => [c.seed, c]));
  for (const cell of cells) {
    const ref = bySeed.get(cell.seed);
    if (cell.reference || cell.status !== 'ok' || !ref?.quality || !cell.quality) continue;
    const delta: Record<string, number> = {};
    for (const [metric, e] of Object.entries(cell.quality)) {
      const base = ref.quality[metric];
      if (base) delta[metric] = e.value - base.value;
    }
    cell.delta = delta;
  }
}

/**
 * Evaluates every gate of the suite on every cell of its variant; a failed cell fails its gates.
 * First adds the cells' `delta` fields ({@link addDeltas}, against `originals`), so gates can
 * check them and the record keeps them.
 */
export function evaluateGates(gates: SuiteSpec['gates'], cells: CellRecord[], originals: CellRecord[] = cells): GateRecord[] {
  addDeltas(cells, originals);
  const out: GateRecord[] = [];
  for (const gate of gates) {
    const targets = cells.filter((c) => c.variant === gate.variant);
    for (const [field, condition] of Object.entries(gate.checks)) {
      for (const cell of targets) {
        // A metric with a CI is `{value, ci}`: its value is what a gate checks.
        const value = cell.status === 'ok' ? (readNumber(cell, field) ?? null) : null;
        out.push({
          variant: gate.variant,
          cell: cell.id,
          check: `${field} ${condition.trim()}`,
          value,
          pass: value !== null && compare(value, condition),
        });
      }
    }
  }
  return out;
}
