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
 * Fails unless a CLI case ended as the contract says: exit 0, 1, 2 or 3 (or the narrower
 * `allowed`: where the input is all that varies, a failed cell means a check at the edge is
 * missing), no stack trace on stderr, and in `outDir` no leftover temp file and no JSON file that does not parse.
 */
export function expectClean(r: CliResult, outDir: string, what: string, allowed: readonly number[] = [0, 1, 2, 3]): void {
  const context = `${what}\n--- exit ${r.code}\n--- stderr\n${r.stderr.slice(0, 4000)}`;
  expect(allowed, context).to.include(r.code);
  expect(r.stderr, context).to.not.match(STACK_FRAME);
  expect(r.stderr, context).to.not.include('internal error');
  for (const f of filesBelow(outDir)) {
    expect(f, `${context}\nleftover temp file`).to.not.match(/\.tmp-/);
    if (f.endsWith('.json')) expect(() => JSON.parse(readFileSync(f, 'utf8')), `${context}\ntruncated JSON ${f}`).to.not.throw();
  }
}

/** Counts the exit codes of a property's cases, so a test can show its inputs reached past validation. */
export class Tally {
  readonly codes = new Map<number, number>();
  /** Counts `r` and returns it. */
  add<T extends { code: number | null }>(r: T): T {
    this.codes.set(r.code ?? -1, (this.codes.get(r.code ?? -1) ?? 0) + 1);
    return r;
  }
  /** Fails unless every one of `codes` occurred. */
  expectSeen(codes: number[]): void {
    for (const c of codes)
      expect(this.codes.get(c) ?? 0, `exit ${c} never occurred: ${JSON.stringify([...this.codes])}`).to.be.greaterThan(0);
  }
}

/**
 * fast-check parameters of a property: the fixed seed and run count CI uses, unless
 * FUZZ_SEED / FUZZ_SCALE (a multiplier of the run count) ask for a longer or different search.
 */
export function params(seed: number, numRuns: number): { seed: number; numRuns: number } {
  const scale = Number(process.env.FUZZ_SCALE ?? 1);
  return { seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) + seed : seed, numRuns: Math.max(1, Math.round(numRuns * scale)) };
}
