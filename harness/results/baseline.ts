import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { isFileRef, resolveRef, type FileRef } from './file-ref.js';
import type { RunRecord } from './record.js';
import { readRecord, writeRecord } from './store.js';

/** Default folder of committed baselines. */
export const BASELINE_DIR = 'baselines';

/** A suite name as a file name (the same rule the runner uses for result folders). */
export function suiteSlug(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Where the baseline of a suite lives: `<dir>/<suite>.json`. */
export function baselinePath(suite: string, dir = BASELINE_DIR): string {
  return join(dir, `${suiteSlug(suite)}.json`);
}

/** What `updateBaseline` wrote. */
export interface BaselineUpdate {
  path: string;
  /** Side files (per-item predictions) copied into `<dir>/predictions/`. */
  copied: string[];
  /** Side files in `<dir>/predictions/` that no baseline in `<dir>` refers to any more, removed. */
  removed: string[];
  replaced: boolean;
}

/**
 * Makes a run the accepted baseline of its suite: refuses a run with failed cells (unless
 * `force`) or a single shard of a sharded run, copies every `{file, sha256}` side file the record
 * refers to into `<dir>/predictions/` under its content hash (so the baseline is self-contained),
 * and writes `<dir>/<suite>.json` with the references rewritten; every write is atomic. Cell
 * `artifact` paths are left out: they point into the run cache of the machine that ran it.
 * Side files that no baseline in `dir` refers to any more are then removed.
 */
export function updateBaseline(runPath: string, opts: { dir?: string; force?: boolean } = {}): BaselineUpdate {
  const dir = opts.dir ?? BASELINE_DIR;
  const record = readRecord(runPath);
  if (!opts.force) {
    const failed = record.cells.filter((c) => c.status !== 'ok');
    if (failed.length > 0) {
      throw new InputError(
        `${runPath}: ${failed.length} cell(s) did not finish (${failed.map((c) => `${c.id}: ${c.status}`).join(', ')}); a baseline must be a complete run: rerun, or pass --force to accept it anyway`,
        'baseline-failed-cells',
      );
    }
    if (record.run.shard && record.run.shard.count > 1) {
      throw new InputError(
        `${runPath}: this is shard ${record.run.shard.index}/${record.run.shard.count} of a run; merge the shards first ('slimbench merge'), or pass --force`,
        'baseline-shard',
      );
    }
  }
  const target = baselinePath(record.suite.name, dir);
  const copied: string[] = [];
  const rewritten = rewriteRefs(record, (ref) => {
    let bytes: Buffer;
    const src = resolveRef(runPath, ref);
    try {
      bytes = readFileSync(src);
    } catch {
      throw new InputError(`${runPath}: refers to ${src}, which is missing; keep the run's predictions/ folder beside it, or pass a complete run`, 'baseline-side-file');
    }
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== ref.sha256.toLowerCase()) throw new InputError(`${src}: its sha256 does not match the record (changed or corrupt); rerun the suite`, 'baseline-side-file');
    const name = `${sha}${extname(basename(ref.file))}`;
    const dest = join(dir, 'predictions', name);
    writeFileAtomic(dest, bytes);
    copied.push(dest);
    return { ...ref, file: relative(dir, dest).split('\\').join('/') };
  }) as RunRecord;
  for (const c of rewritten.cells) delete c.artifact;
  let replaced = true;
  try {
    readFileSync(target);
  } catch {
    replaced = false;
  }
  writeRecord(target, rewritten);
  return { path: target, copied: [...new Set(copied)], removed: pruneSideFiles(dir), replaced };
}

/**
 * Removes the files of `<dir>/predictions/` that no baseline `<dir>/*.json` refers to (the
 * folder is shared by every suite's baseline, content-addressed); returns their paths. A
 * baseline that cannot be read keeps every file: nothing is removed on a guess.
 */
export function pruneSideFiles(dir: string): string[] {
  const sideDir = join(dir, 'predictions');
  let present: string[];
  try {
    present = readdirSync(sideDir);
  } catch {
    return [];
  }
  const used = new Set<string>();
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.json')) continue;
    let record: unknown;
    try {
      record = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    } catch {
      return [];
    }
    rewriteRefs(record, (ref) => {
      used.add(basename(ref.file));
      return ref;
    });
  }
  const removed = present.filter((f) => !used.has(f)).map((f) => join(sideDir, f));
  for (const f of removed) rmSync(f, { force: true });
  return removed;
}

/** A deep copy of `value` with every `{file, sha256}` object replaced by `map(ref)`. */
export function rewriteRefs(value: unknown, map: (ref: FileRef) => FileRef): unknown {
  if (isFileRef(value)) return map(value);
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, map));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteRefs(v, map)]));
  }
  return value;
}
