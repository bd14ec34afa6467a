import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Version of this harness, from its package.json. */
export const HARNESS_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The machine facts every run record carries. */
export function describeEnv(backend: string): {
  node: string;
  backend: string;
  cpu: string;
  cores: number;
  os: string;
  harnessVersion: string;
} {
  return {
    node: process.version,
    backend,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    os: `${os.platform()} ${os.release()} ${os.arch()}`,
    harnessVersion: HARNESS_VERSION,
  };
}

/** The current git commit of the working directory, or null outside a repository. */
export function gitSha(): string | null {
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() || null
    );
  } catch {
    return null;
  }
}

/** A sortable, unique run id: UTC time plus a random suffix. */
export function newRunId(now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, 'Z')}-${Math.random().toString(16).slice(2, 6)}`;
}
