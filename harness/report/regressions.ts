import { compareRuns } from '../compare/compare.js';
import { DEFAULT_COMPARE, resolveTolerances, type CompareSettings } from '../compare/settings.js';
import type { RunRecord } from '../results/record.js';
import { regressedCells } from './cells.js';

/** A run record and the file it was read from (files it names resolve against that path). */
export interface StoredRecord {
  path: string;
  record: RunRecord;
}

function tolerancesOf(record: RunRecord): CompareSettings {
  try {
    return resolveTolerances(record.suite.file).tolerances;
  } catch {
    return DEFAULT_COMPARE;
  }
}

/**
 * The cells each run regressed, as `slimbench compare` judges them against the previous stored
 * run of the same suite and mode (quick with quick, full with full), plus any cells the record
 * itself marks. A pair that cannot be compared adds a warning and no marks.
 */
export function regressionMarks(runs: StoredRecord[], warnings: string[] = []): Map<RunRecord, Set<string>> {
  const out = new Map<RunRecord, Set<string>>();
  const sorted = [...runs].sort(
    (a, b) => a.record.run.startedAt.localeCompare(b.record.run.startedAt) || a.record.run.id.localeCompare(b.record.run.id),
  );
  const previous = new Map<string, StoredRecord>();
  for (const run of sorted) {
    const marks = regressedCells(run.record);
    const mode = `${run.record.suite.name}\u0000${Boolean(run.record.run.quick)}`;
    const prev = previous.get(mode);
    if (prev && !(run.record.run.shard && run.record.run.shard.count > 1)) {
      try {
        const cmp = compareRuns(run, prev, { tolerances: tolerancesOf(run.record) });
        for (const c of cmp.cells) if (c.state === 'regressed') marks.add(c.id);
      } catch (err) {
        warnings.push(`${run.path}: no regression marks against ${prev.path}: ${(err as Error).message}`);
      }
    }
    if (!(run.record.run.shard && run.record.run.shard.count > 1)) previous.set(mode, run);
    out.set(run.record, marks);
  }
  return out;
}
