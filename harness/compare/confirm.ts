import { compareRuns, summarize } from './compare.js';
import type { Comparison, CompareOptions, StoredRun } from './types.js';

/** Reruns some cells of a run's suite (the original always runs too) and returns the new run. */
export type Rerun = (cellIds: string[]) => Promise<StoredRun>;

/**
 * `--confirm`: reruns every regressed cell and keeps it `regressed` only when the rerun regresses
 * against the baseline too; otherwise the cell becomes `noisy` (two measurements disagree).
 */
export async function confirmRegressions(
  comparison: Comparison,
  baseline: StoredRun,
  rerun: Rerun,
  opts: CompareOptions,
): Promise<Comparison> {
  const suspects = comparison.cells.filter((c) => c.state === 'regressed').map((c) => c.id);
  if (suspects.length === 0) return comparison;
  const again = await rerun(suspects);
  const second = compareRuns(again, baseline, opts);
  const verdicts = new Map(second.cells.map((c) => [c.id, c.state]));
  const cells = comparison.cells.map((c) => {
    if (c.state !== 'regressed') return c;
    const state = verdicts.get(c.id);
    if (state === 'regressed') return { ...c, confirmed: true };
    const metrics = c.metrics.map((m) =>
      m.state === 'regressed' ? { ...m, state: 'noisy' as const, note: `${m.note ? `${m.note}; ` : ''}not reproduced by a rerun` } : m,
    );
    return {
      ...c,
      state: 'noisy' as const,
      confirmed: false,
      metrics,
      notes: [...c.notes, `a rerun gave '${state ?? 'missing'}', so the regression is not confirmed`],
    };
  });
  const confirmed = cells.filter((c) => c.confirmed === true).length;
  return {
    ...comparison,
    cells,
    notes: [...comparison.notes, `--confirm: reran ${suspects.length} suspected cell(s) (${again.path}); ${confirmed} confirmed`],
    ...summarize(cells),
  };
}

/**
 * Filters that cover `ids` with the runner's substring `--filter`: one per variant when several
 * of its cells are suspected, else the cell id itself.
 */
export function rerunFilters(ids: string[], variantOf: (id: string) => string): string[] {
  const byVariant = new Map<string, string[]>();
  for (const id of ids) byVariant.set(variantOf(id), [...(byVariant.get(variantOf(id)) ?? []), id]);
  return [...byVariant.entries()].map(([variant, list]) => (list.length > 1 ? variant : list[0]));
}
