import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CliResult } from '../helpers/cli.js';

/** A stack frame line, as printed by V8. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

/** Every file below `dir` (none when it does not exist). */
export function filesBelow(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? filesBelow(p) : [p];
  });
}

/**
 * Fails unless a CLI case ended as the contract says: exit 0, 1, 2 or 3, no stack trace on
 * stderr, and in `outDir` no leftover temp file and no JSON file that does not parse.
 */
export function expectClean(r: CliResult, outDir: string, what: string): void {
  const context = `${what}\n--- exit ${r.code}\n--- stderr\n${r.stderr.slice(0, 4000)}`;
  expect([0, 1, 2, 3], context).to.include(r.code);
  expect(r.stderr, context).to.not.match(STACK_FRAME);
  expect(r.stderr, context).to.not.include('internal error');
  for (const f of filesBelow(outDir)) {
    expect(f, `${context}\nleftover temp file`).to.not.match(/\.tmp-/);
    if (f.endsWith('.json')) expect(() => JSON.parse(readFileSync(f, 'utf8')), `${context}\ntruncated JSON ${f}`).to.not.throw();
  }
}
