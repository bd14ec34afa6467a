import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HARNESS_VERSION } from './env.js';

/** The stages whose code determines what a cell measures (report, compare and cli do not). */
const STAGES = ['data', 'engine', 'measure', 'methods', 'models', 'runner', 'suite'];

let memo: string | undefined;

/**
 * The harness version as the cache sees it: the package version plus a sha256 of the code of every
 * stage that shapes a measurement, so that any change to that code invalidates cached work.
 */
export function codeVersion(): string {
  if (memo) return memo;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const hash = createHash('sha256').update(HARNESS_VERSION);
  for (const stage of STAGES) {
    for (const file of listJs(join(root, stage))) hash.update(file.slice(root.length)).update(readFileSync(file));
  }
  memo = `${HARNESS_VERSION}+${hash.digest('hex').slice(0, 16)}`;
  return memo;
}

function listJs(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? listJs(join(dir, e.name)) : /\.(js|wasm)$/.test(e.name) ? [join(dir, e.name)] : []));
}
