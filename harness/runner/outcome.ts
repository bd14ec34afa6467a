import type { CellRecord } from '../results/record.js';
import type { Cell } from '../suite/plan.js';
import { baseFields } from './cell.js';
import { isInputError } from '../errors.js';

/** The record of a cell that threw (or whose worker died): its error and stack. */
export function failedRecord(cell: Cell, err: unknown): CellRecord {
  const e = err instanceof Error ? err : new Error(String(err));
  // A setting that only the model can refute (e.g. a rank above a layer's size) is bad input,
  // also when it was thrown inside a worker thread.
  const badInput = isInputError(e) || (e as { remoteName?: string }).remoteName === 'InputError';
  return { ...baseFields(cell), status: 'failed', error: e.message, stack: e.stack, ...(badInput ? { badInput } : {}) };
}

/** One-line summary of a finished cell for progress output. */
export function cellSummary(r: CellRecord): string {
  if (r.status !== 'ok') return `FAILED: ${r.error}`;
  // Label-free cells have no accuracy: their headline is agreement with the original.
  const metric = r.quality?.accuracy === undefined && r.quality?.fidelity !== undefined ? 'fidelity' : 'accuracy';
  const acc = r.quality?.[metric]?.value;
  const parts = [`${metric} ${acc !== undefined ? (acc * 100).toFixed(2) + '%' : '?'}`];
  if (r.kl && !r.reference) parts.push(`KL ${r.kl.value.toPrecision(2)}`);
  if (r.size) parts.push(`${r.size.artifactBytes} B (x${r.size.compressionRatio.toFixed(2)})`);
  if (r.speed && !r.reference) parts.push(`speedup ${r.speed.speedup.value.toFixed(2)}`);
  if (r.layers) parts.push(`layer ${r.layers.join(', ')}`);
  return parts.join(', ');
}
