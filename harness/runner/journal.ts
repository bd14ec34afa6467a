import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CellRecord } from '../results/record.js';
import { writeFileAtomic } from '../io/write-atomic.js';

/** Suffix of a run's partial record, next to where its final record will be. */
export const PARTIAL_SUFFIX = '.partial.jsonl';

/** The first line of a partial record. */
export interface JournalHeader {
  journal: 1;
  /** Identifies the plan (suite, options, data, code, backend): equal keys mean the same work. */
  planKey: string;
  runId: string;
  suite: string;
  startedAt: string;
}

/**
 * The partial record of a running run: a header line, then one finished cell record per line,
 * rewritten atomically as each cell finishes, so a killed run leaves every finished cell on disk.
 * It is removed when the final record is written.
 */
export class Journal {
  private readonly lines: string[];
  readonly path: string;

  constructor(
    dir: string,
    readonly header: JournalHeader,
  ) {
    this.path = join(dir, `${header.runId}${PARTIAL_SUFFIX}`);
    this.lines = [JSON.stringify(header)];
  }

  /** Appends a finished cell and flushes the whole file atomically. */
  add(record: CellRecord): void {
    this.lines.push(JSON.stringify(record));
    writeFileAtomic(this.path, `${this.lines.join('\n')}\n`);
  }

  /** Deletes the partial record (the final record supersedes it). */
  remove(): void {
    rmSync(this.path, { force: true });
  }
}

/** Partial records in `dir` left by killed runs of the same plan: their paths and finished cells. */
export function findInterrupted(dir: string, planKey: string, own: string): { path: string; runId: string; cells: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(PARTIAL_SUFFIX));
  } catch {
    return [];
  }
  const out: { path: string; runId: string; cells: number }[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (path === own) continue;
    try {
      const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
      const header = JSON.parse(lines[0]) as Partial<JournalHeader>;
      if (header.journal === 1 && header.planKey === planKey) out.push({ path, runId: String(header.runId), cells: lines.length - 1 });
    } catch {
      // unreadable partial records are not ours to judge; leave them
    }
  }
  return out;
}
