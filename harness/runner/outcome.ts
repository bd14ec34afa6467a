import type { CellRecord } from '../results/record.js';
import type { Cell } from '../suite/plan.js';
import { baseFields } from './cell.js';
import { isInputError, isInputErrorCode, type InputErrorCode } from '../errors.js';

/**
 * The input-error code of `err`: an InputError's own, or the one an InputError thrown inside a
 * worker thread sent back (`remoteName`, `remoteCode`); undefined for any other error.
 */
export function inputErrorCodeOf(err: unknown): InputErrorCode | undefined {
  if (isInputError(err)) return err.code;
  const remote = err as { remoteName?: unknown; remoteCode?: unknown } | null;
  if (remote && typeof remote === 'object' && remote.remoteName === 'InputError' && isInputErrorCode(remote.remoteCode))
    return remote.remoteCode;
  return undefined;
}

/** The record of a cell that threw (or whose worker died): its error and stack, and its code when it was bad input. */
export function failedRecord(cell: Cell, err: unknown): CellRecord {
  const e = err instanceof Error ? err : new Error(String(err));
  // A setting that only the model can refute (e.g. a rank above a layer's size) is bad input,
  // also when it was thrown inside a worker thread.
  const errorCode = inputErrorCodeOf(e);
  return { ...baseFields(cell), status: 'failed', error: e.message, stack: e.stack, ...(errorCode ? { badInput: true, errorCode } : {}) };
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
