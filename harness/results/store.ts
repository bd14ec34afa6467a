import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { runRecord, type RunRecord } from './record.js';


/** Where a run record lives: `<out>/<suite>/<run-id>.json`. */
export function recordPath(outDir: string, suite: string, runId: string): string {
  return join(outDir, suite, `${runId}.json`);
}

/** Writes a run record atomically and returns its path. */
export function writeRecord(path: string, record: RunRecord): string {
  writeFileAtomic(path, `${JSON.stringify(record, null, 1)}\n`);
  return path;
}

/** Reads and validates a stored run record; a bad file is an InputError naming it and the field. */
export function readRecord(path: string): RunRecord {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`${path}: cannot read the run record; check the path`, 'record-missing');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path}: not valid JSON (${(err as Error).message}); pass a run record written by 'slimbench run'`, 'record-json');
  }
  const parsed = runRecord.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${path}: not a slimbench run record: at '${issue.path.join('.') || '(top)'}': ${issue.message}; pass a run record written by 'slimbench run'`,
      'record-schema',
    );
  }
  return parsed.data;
}
