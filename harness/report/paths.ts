import type { RunRecord } from '../results/record.js';

/**
 * A file-name-safe form of a user string (suite name, run id): letters, digits, `.`, `_`, `-`;
 * never empty and never starting with a dot, so it cannot climb out of its folder.
 */
export function slug(name: string): string {
  const s = name
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 120);
  return s || '_';
}

/** A run's page name without extension: its run id, plus the shard when the record is one shard. */
export function runBaseName(record: RunRecord): string {
  const shard = record.run.shard;
  return slug(shard ? `${record.run.id}-shard${shard.index}of${shard.count}` : record.run.id);
}

/** Site-relative folder of a suite's run pages: `runs/<suite>`. */
export function suiteDir(record: RunRecord): string {
  return `runs/${slug(record.suite.name)}`;
}

/** Site-relative path of a run's page: `runs/<suite>/<run-id>.html`. */
export function runPagePath(record: RunRecord): string {
  return `${suiteDir(record)}/${runBaseName(record)}.html`;
}

/** A unique key of a run record (suite, run id and shard). */
export function runKey(record: RunRecord): string {
  return `${record.suite.name}\u0000${runBaseName(record)}`;
}
