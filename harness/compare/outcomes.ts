import { isInputError } from '../errors.js';
import { readLabels, readPredictions } from '../results/predictions.js';
import type { CellRecord } from '../results/record.js';
import type { StoredRun } from './types.js';

/** Per-item right/wrong outcomes of one cell, or why they are not available. */
export type Outcomes = { ok: true; correct: Uint8Array } | { ok: false; reason: string };

/**
 * Right/wrong per test row of one cell, from the predictions file its record refers to and the
 * run's stored test labels. A missing or damaged file is a reason (the comparison falls back to
 * an unpaired test and says why), not an error.
 */
export function readOutcomes(run: StoredRun, cell: CellRecord): Outcomes {
  try {
    const labels = readLabels(run.path, run.record);
    const { predicted } = readPredictions(run.path, cell);
    if (predicted.length !== labels.length)
      return { ok: false, reason: `${run.path}: cell '${cell.id}' has ${predicted.length} predictions for ${labels.length} labels` };
    const correct = new Uint8Array(labels.length);
    for (let i = 0; i < labels.length; i++) correct[i] = predicted[i] === labels[i] ? 1 : 0;
    return { ok: true, correct };
  } catch (err) {
    if (!isInputError(err)) throw err;
    return { ok: false, reason: err.message };
  }
}

/**
 * Per test row of a label-free cell: 1 where it predicts what its own seed's original predicts
 * (the outcome whose share is `quality.fidelity`), from the two stored predictions files.
 */
export function readAgreement(run: StoredRun, cell: CellRecord): Outcomes {
  const original = run.record.cells.find((c) => c.reference && c.seed === cell.seed && c.status === 'ok');
  if (!original) return { ok: false, reason: `${run.path}: no original of seed ${cell.seed} to measure agreement against` };
  try {
    const own = readPredictions(run.path, cell).predicted;
    const ref = readPredictions(run.path, original).predicted;
    if (own.length !== ref.length)
      return { ok: false, reason: `${run.path}: cell '${cell.id}' has ${own.length} predictions, its original ${ref.length}` };
    return { ok: true, correct: Uint8Array.from(own, (p, i) => (p === ref[i] ? 1 : 0)) };
  } catch (err) {
    if (!isInputError(err)) throw err;
    return { ok: false, reason: err.message };
  }
}
