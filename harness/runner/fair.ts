import { join } from 'node:path';
import { itemView, type ItemView } from '../data/item-view.js';
import type { Dataset } from '../data/types.js';
import { divergence } from '../measure/divergence.js';
import { classChanges, forgottenItems, type ForgottenItem } from '../measure/forgetting.js';
import { pairedDifference } from '../measure/paired-diff.js';
import { readPredictions, type StoredPredictions } from '../results/predictions.js';
import type { CellRecord, ControlComparison, ForgottenRecord } from '../results/record.js';

/** Forgotten rows kept per variant in the record, and of those the ones whose item is shown. */
export const MAX_FORGOTTEN = 200;
export const SHOWN_FORGOTTEN = 24;

/** What {@link addFairFigures} needs besides the cells. */
export interface FairInputs {
  /** Folder the run record goes to: the cells' predictions files sit beside it. */
  recordDir: string;
  dataset: Pick<Dataset, 'inputShape' | 'inputKind' | 'featureNames' | 'test' | 'classNames'>;
  level: number;
  resamples: number;
  /** False discovery rate of the per-class tests (default 0.05). */
  fdr?: number;
}

/**
 * Adds, in place, what compression changed beyond top-line accuracy and how a variant compares
 * with its compute-matched controls, all from the stored per-item predictions: `vsControls`
 * (each control's paired metric differences, flips and McNemar p; `vsControl` is the first),
 * `forgetting` (per-class accuracy change against the seed's original, McNemar per class and
 * Benjamini–Hochberg across classes), `kl`/`tv` (output distributions against the original's),
 * and returns the run's forgotten exemplars per variant with the items shown. `all` may hold
 * cells the record does not (originals and controls another shard records).
 */
export function addFairFigures(cells: CellRecord[], all: CellRecord[], inputs: FairInputs): ForgottenRecord {
  const y = inputs.dataset.test.y;
  const k = inputs.dataset.classNames.length;
  const byId = new Map(all.filter((c) => c.status === 'ok').map((c) => [c.id, c]));
  const originals = new Map(all.filter((c) => c.reference && c.status === 'ok').map((c) => [c.seed, c]));
  const cache = new Map<string, StoredPredictions | undefined>();
  const preds = (c: CellRecord): StoredPredictions | undefined => {
    if (!cache.has(c.id)) {
      let p: StoredPredictions | undefined;
      try {
        p = c.predictions ? readPredictions(join(inputs.recordDir, 'run.json'), c) : undefined;
      } catch {
        p = undefined;
      }
      cache.set(c.id, p?.predicted.length === y.length ? p : undefined);
    }
    return cache.get(c.id);
  };
  const opts = (seed: number) => ({ resamples: inputs.resamples, level: inputs.level, seed });
  const pairs = new Map<string, { cells: string[]; pairs: { original: Int32Array; variant: Int32Array }[] }>();
  for (const cell of cells) {
    if (cell.reference || cell.status !== 'ok') continue;
    const own = preds(cell);
    const ref = originals.get(cell.seed);
    const orig = ref && preds(ref);
    if (!own) continue;
    const comparisons: Record<string, ControlComparison> = {};
    for (const id of cell.controls ?? []) {
      const control = byId.get(id);
      const theirs = control && preds(control);
      if (!theirs) continue;
      const d = pairedDifference(y, k, own.predicted, theirs.predicted, opts(cell.seed));
      comparisons[id] = {
        control: id,
        kind: control.method === 'from-scratch' ? 'from-scratch' : 'fine-tune',
        mcnemarP: d.mcnemarP,
        flips: d.flips,
        ...d.metrics,
      } satisfies ControlComparison;
    }
    const first = Object.values(comparisons)[0];
    if (first) Object.assign(cell, { vsControl: first, vsControls: comparisons });
    if (!orig) continue;
    const classes = classChanges(y, k, orig.predicted, own.predicted, inputs.fdr);
    cell.forgetting = { fdr: inputs.fdr ?? 0.05, classes, lost: classes.filter((c) => c.lost).map((c) => c.class) };
    if (orig.probs && own.probs && !cell.kl) Object.assign(cell, divergence(orig.probs, own.probs, k, opts(cell.seed)));
    if (cell.role === 'control') continue;
    const entry = pairs.get(cell.variant) ?? { cells: [], pairs: [] };
    entry.cells.push(cell.id);
    entry.pairs.push({ original: orig.predicted, variant: own.predicted });
    pairs.set(cell.variant, entry);
  }
  const items: Record<string, ItemView> = {};
  const images = inputs.dataset.inputKind !== 'tokens' && inputs.dataset.inputShape.length > 1;
  const variants = [...pairs].map(([variant, e]) => {
    const all: ForgottenItem[] = forgottenItems(y, e.pairs);
    // Images are kept for the shown items only; texts and rows of values are small, so for all.
    const kept = all.slice(0, images ? SHOWN_FORGOTTEN : MAX_FORGOTTEN);
    for (const it of kept) items[String(it.row)] ??= itemView(inputs.dataset, it.row);
    return { variant, cells: e.cells, total: all.length, items: all.slice(0, MAX_FORGOTTEN) };
  });
  return { shown: SHOWN_FORGOTTEN, variants, items };
}
