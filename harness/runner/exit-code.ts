import type { RunRecord } from '../results/record.js';

/** Exit codes of `slimbench run` by outcome (the CLI adds 4 for an internal error). */
export const RUN_EXIT = { ok: 0, gateFailed: 1, badInput: 2, cellsFailed: 3 } as const;

/** An exit code of `slimbench run`. */
export type RunExitCode = (typeof RUN_EXIT)[keyof typeof RUN_EXIT];

/** The exit code of one run record: bad input in a failed cell, else any failed cell, else any failed gate. */
function exitCodeOfRecord(record: Pick<RunRecord, 'cells' | 'gates'>): RunExitCode {
  const failed = record.cells.filter((c) => c.status === 'failed');
  if (failed.some((c) => c.badInput === true)) return RUN_EXIT.badInput;
  if (failed.length > 0) return RUN_EXIT.cellsFailed;
  if (record.gates.some((g) => !g.pass)) return RUN_EXIT.gateFailed;
  return RUN_EXIT.ok;
}

/** Which outcome wins over which, when a run covers several suites. */
const PRECEDENCE: readonly RunExitCode[] = [RUN_EXIT.ok, RUN_EXIT.gateFailed, RUN_EXIT.cellsFailed, RUN_EXIT.badInput];

/**
 * The exit code of a `slimbench run` of these records: 2 when a cell failed on bad input, else 3
 * when a cell failed, else 1 when a gate failed, else 0 (the worst over all the records).
 */
export function exitCodeOf(records: readonly Pick<RunRecord, 'cells' | 'gates'>[]): RunExitCode {
  return records
    .map(exitCodeOfRecord)
    .reduce<RunExitCode>((worst, code) => (PRECEDENCE.indexOf(code) > PRECEDENCE.indexOf(worst) ? code : worst), RUN_EXIT.ok);
}
