import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, fixture, ROOT } from '../helpers/paths.js';

/** Runs the CLI with a preload that records every module it loads; returns the exit code and the modules. */
function modulesLoaded(args: string[]): { code: number | null; stderr: string; modules: string[] } {
  const log = join(mkdtempSync(join(tmpdir(), 'sb-modules-')), 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', fixture('module-log.mjs'), CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, MODULE_LOG: log },
    encoding: 'utf8',
  });
  return { code: r.status, stderr: r.stderr, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const tfjs = (modules: string[]) => modules.filter((m) => m.includes('@tensorflow'));

describe('e2e: validate loads no TensorFlow.js', function () {
  this.timeout(60_000);

  it('validates every committed suite without loading any @tensorflow module', () => {
    const suites = readdirSync(join(ROOT, 'suites'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join('suites', f));
    const { code, stderr, modules } = modulesLoaded(['validate', ...suites]);
    expect(code, stderr).to.equal(0);
    expect(
      modules.some((m) => m.includes('/harness/suite/load.js')),
      'the log records harness modules',
    ).to.equal(true);
    expect(tfjs(modules)).to.deep.equal([]);
  });

  it('lists methods and writes the schema without loading any @tensorflow module', () => {
    for (const args of [['list', 'methods'], ['list', 'archs'], ['schema']]) {
      const { code, stderr, modules } = modulesLoaded(args);
      expect(code, stderr).to.equal(0);
      expect(tfjs(modules), args.join(' ')).to.deep.equal([]);
    }
  });

  it('records @tensorflow modules for a command that loads them (the check can fail)', () => {
    const { code, modules } = modulesLoaded(['bench-engine', '--help']);
    expect(code).to.equal(0);
    expect(tfjs(modules)).to.not.deep.equal([]);
  });
});
