import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'mocha';
import { chromiumPath } from '../../../harness/runtimes/chromium/index.js';
import type { ProtocolSettings } from '../../../harness/measure/speed-protocol.js';
import type { LoadedModel } from '../../../harness/runtimes/types.js';

/** Skips the suite where no Chromium is installed, except under CI, which must have one. */
export function requireChromium(ctx: Context): void {
  if (existsSync(chromiumPath())) return;
  if (process.env.CI) throw new Error(`${chromiumPath()} not found: CI must install it (.ci/install-browser.sh)`);
  ctx.skip();
}

/** A fresh temporary directory. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'slimbench-chromium-test-'));

/** A short protocol: enough calls for whole units, a fraction of a second. */
export const SHORT: ProtocolSettings = { warmupRounds: 4, warmupMs: 5, minRounds: 8, minTimeMs: 5, maxRounds: 64 };

/** The URLs a loaded model's page tried to reach outside the local site. */
export const blockedOf = (m: LoadedModel): string[] => (m as unknown as { session: { blocked: string[] } }).session.blocked;

/** Evaluates `fn` in a loaded model's page. */
export function inPage<T>(m: LoadedModel, fn: () => Promise<T>): Promise<T> {
  return (m as unknown as { session: { page: { evaluate(f: () => Promise<T>): Promise<T> } } }).session.page.evaluate(fn);
}

/** Largest absolute difference of two equal-length arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}
