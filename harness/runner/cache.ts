import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellRecord, type CellRecord } from '../results/record.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { decodePlain, encodePlain } from './plain-codec.js';
import { fileRefsIn } from '../results/file-ref.js';

/** Default folder of the content-addressed cache (git-ignored). */
export const DEFAULT_CACHE_DIR = '.slimbench-cache';

/** What a cache entry holds: a trained original (`originals`) or a finished variant cell (`cells`). */
export type EntryKind = 'originals' | 'cells';

const RECORD = 'record.json';
const SEED = 'seed-context.json';

/** The folder of one cache entry. */
export function entryDir(root: string, kind: EntryKind, key: string): string {
  return join(root, kind, key);
}

/**
 * Where a cell run inside an entry writes its artifact. Two levels below the entry, as run
 * artifacts sit at `<out>/<suite>/artifacts/<run-id>`, so files the measurement writes "beside
 * the record" (predictions) land in the entry itself and travel with it.
 */
export function entryArtifactRoot(dir: string): string {
  return join(dir, 'artifacts', 'model');
}

/** A cache entry read back: the cell record and, for originals, the seed context data. */
export interface CachedEntry {
  record: CellRecord;
  seed?: Record<string, unknown>;
}

/**
 * Writes a finished entry: the seed context (originals), then the record, each atomically. The
 * record is written last, so an entry is complete exactly when its record exists.
 */
export function writeEntry(dir: string, record: CellRecord, seed?: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  if (seed) writeFileAtomic(join(dir, SEED), JSON.stringify(encodePlain(seed)));
  writeFileAtomic(join(dir, RECORD), `${JSON.stringify(record)}\n`);
}

/** Reads a complete entry, or undefined when it is missing, incomplete or damaged. */
export function readEntry(dir: string, withSeed: boolean): CachedEntry | undefined {
  try {
    const parsed = cellRecord.safeParse(JSON.parse(readFileSync(join(dir, RECORD), 'utf8')));
    if (!parsed.success || parsed.data.status !== 'ok') return undefined;
    const record = parsed.data;
    if (record.artifact !== undefined && !existsSync(record.artifact)) return undefined;
    if (fileRefsIn(record).some((file) => !existsSync(join(dir, file)))) return undefined;
    if (!withSeed) return { record };
    const seed = decodePlain(JSON.parse(readFileSync(join(dir, SEED), 'utf8'))) as Record<string, unknown>;
    return { record, seed };
  } catch {
    return undefined;
  }
}

/**
 * Copies files an entry's record refers to by a path relative to its folder (stored predictions)
 * next to the run record in `recordDir`, so a cached cell's record is complete where it is written.
 */
export function restoreFiles(dir: string, record: CellRecord, recordDir: string): void {
  for (const file of fileRefsIn(record)) {
    const from = join(dir, file);
    const to = join(recordDir, file);
    if (!existsSync(to) && existsSync(from)) writeFileAtomic(to, readFileSync(from));
  }
}

/** Cache hit and miss counts of one run. */
export interface CacheStats {
  hits: number;
  misses: number;
}
