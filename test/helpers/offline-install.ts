import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';

/** What a child process did. */
export interface ProcResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without the `npm_*` variables an outer `npm test` sets, which would steer a nested npm. */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

/** Runs `cmd args` in `cwd` to completion. */
export function run(cmd: string, args: string[], cwd: string): Promise<ProcResult> {
  const child = spawn(cmd, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

interface LockEntry {
  name?: string;
  version: string;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  resolved?: string;
  [key: string]: unknown;
}

/**
 * Writes `package.json` and `package-lock.json` into `appDir` for an app that depends only on the
 * tarball `tarballName` (a sibling of `appDir`). The lock is the repository's own, minus dev
 * packages, with registry tarball addresses filled in: npm's cache holds every tarball by its
 * integrity but not every registry document, so only a complete lock lets `--offline` succeed.
 */
export function writeAppLock(appDir: string, tarballName: string): void {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const spec = `file:../${tarballName}`;
  const root = lock.packages[''];
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: { slimbench: spec } },
    'node_modules/slimbench': {
      version: pkg.version,
      resolved: spec,
      license: pkg.license,
      dependencies: root.dependencies,
      optionalDependencies: root.optionalDependencies,
      bin: root.bin,
      engines: root.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev) continue;
    const { devOptional, ...rest } = entry;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const resolved = `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
    packages[path] = { ...rest, ...(devOptional ? { optional: true } : {}), resolved };
  }
  writeFileSync(join(appDir, 'package.json'), JSON.stringify({ name: 'app', private: true, dependencies: { slimbench: spec } }, null, 2));
  writeFileSync(join(appDir, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }, null, 2));
}
