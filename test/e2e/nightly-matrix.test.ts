import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/paths.js';

/** The names of the committed suite files, suites/*.yaml. */
function suiteNames(): string[] {
  return readdirSync(join(ROOT, 'suites'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

describe('the nightly matrix', () => {
  const listed = (): string[] => {
    const r = spawnSync('bash', [join(ROOT, 'scripts/nightly.sh'), '--list-suites'], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    return (JSON.parse(r.stdout) as string[]).sort();
  };

  it('lists every suite file in suites/', () => {
    expect(listed()).to.deep.equal(suiteNames());
  });

  it('is what the workflow runs its shard jobs over', () => {
    const wf = parse(readFileSync(join(ROOT, '.github/workflows/nightly.yml'), 'utf8')) as {
      jobs: Record<string, { needs?: string | string[]; steps?: { run?: string }[]; strategy?: { matrix: { suite: unknown } } }>;
    };
    expect(wf.jobs.plan.steps!.some((s) => s.run?.includes('scripts/nightly.sh --list-suites'))).to.equal(true);
    expect(wf.jobs.shard.needs).to.equal('plan');
    expect(wf.jobs.shard.strategy!.matrix.suite).to.equal('${{ fromJSON(needs.plan.outputs.suites) }}');
  });

  for (const [dir, quick] of [
    ['baselines', false],
    ['baselines/quick', true],
  ] as const) {
    it(`has a ${quick ? 'quick' : 'full'} baseline in ${dir}/ for every suite it runs`, () => {
      const missing: string[] = [];
      for (const name of suiteNames()) {
        const file = join(ROOT, dir, `${name}.json`);
        if (!existsSync(file)) {
          missing.push(name);
          continue;
        }
        const record = JSON.parse(readFileSync(file, 'utf8')) as { suite: { name: string }; run: { quick?: boolean } };
        expect(record.suite.name, file).to.equal(name);
        expect(Boolean(record.run.quick), `${file}: run.quick`).to.equal(quick);
      }
      expect(missing, `suites without a baseline in ${dir}/`).to.deep.equal([]);
    });
  }
});
