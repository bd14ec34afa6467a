import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunRecord } from '../../harness/results/record.js';
import { readRecord } from '../../harness/results/store.js';
import { runCli, startCli } from '../helpers/cli.js';
import { tinyHead, writeSuite } from '../helpers/suite.js';

/** A 1 + 8 cell sweep on the tiny fixture; each variant is timed for ~100 ms so a kill lands midway. */
const SUITE = `${tinyHead('sweep')}
measure:
  resamples: 100
  speed: {batch: 16, warmupRounds: 1, warmupMs: 0, minRounds: 2, minTimeMs: 100, latencyRounds: 0}
variants:
  - name: p
    method: prune
    settings:
      sparsity: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
`;

const tmp = mkdtempSync(join(tmpdir(), 'sb-e2e-run-'));
const suiteFile = writeSuite(SUITE, 'sweep.yaml');
const dirs = (name: string) => ({ out: join(tmp, name, 'results'), cache: join(tmp, name, 'cache') });
const runArgs = (name: string, ...extra: string[]) => [
  'run',
  suiteFile,
  '--out',
  dirs(name).out,
  '--cache-dir',
  dirs(name).cache,
  ...extra,
];
const records = (name: string) =>
  readdirSync(join(dirs(name).out, 'sweep'))
    .filter((f) => f.endsWith('.json'))
    .sort();
const accuracy = (r: RunRecord) => r.cells.map((c) => [c.id, c.quality?.accuracy?.value]);
const cacheOf = (r: RunRecord) => r.run.cache!;

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

describe('e2e: run, rerun, kill, resume, shard and merge', function () {
  this.timeout(300_000);
  let reference: RunRecord;

  before(async () => {
    const r = await runCli([...runArgs('reference', '--workers', '2'), '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const json = JSON.parse(r.stdout) as { records: string[] };
    reference = readRecord(json.records[0]);
  });

  it('prints nothing but JSON on stdout with --json', async () => {
    const r = await runCli([...runArgs('reference'), '--json']);
    expect(r.code, r.stderr).to.equal(0);
    expect(() => JSON.parse(r.stdout)).to.not.throw();
    expect(r.stdout.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.include('[9/9]');
  });

  it('computes every cell of a cold run and records the misses', () => {
    expect(reference.cells).to.have.length(9);
    expect(reference.cells.every((c) => c.status === 'ok' && c.cached === undefined)).to.equal(true);
    expect(cacheOf(reference)).to.deep.equal({ hits: 0, misses: 9 });
    expect(reference.run.workers).to.equal(2);
  });

  it('serves an unchanged rerun entirely from the cache', async () => {
    const r = await runCli(runArgs('reference'));
    expect(r.code, r.stderr).to.equal(0);
    const again = readRecord(join(dirs('reference').out, 'sweep', records('reference').at(-1)!));
    expect(cacheOf(again)).to.deep.equal({ hits: 9, misses: 0 });
    expect(again.cells.every((c) => c.cached === true)).to.equal(true);
    expect(accuracy(again)).to.deep.equal(accuracy(reference));
    for (const c of again.cells)
      expect(existsSync(join(dirs('reference').out, 'sweep', (c.predictions as { file: string }).file))).to.equal(true);
  });

  it('recomputes every cell with --no-cache', async () => {
    const r = await runCli([...runArgs('reference', '--no-cache', '--filter', 'sparsity=0.8'), '--json']);
    const rec = readRecord((JSON.parse(r.stdout) as { records: string[] }).records[0]);
    expect(cacheOf(rec)).to.deep.equal({ hits: 0, misses: 2 });
    expect(rec.cells.map((c) => c.id)).to.deep.equal(['original', 'p[sparsity=0.8]']);
  });

  it('resumes a run killed with SIGKILL midway without computing any finished cell again', async () => {
    const { child, done } = startCli([...runArgs('killed', '--workers', '1')]);
    const suiteDir = join(dirs('killed').out, 'sweep');
    let partial: string | undefined;
    let finished: string[] = [];
    for (let i = 0; i < 1200 && finished.length < 4; i++) {
      await sleep(25);
      partial = existsSync(suiteDir) ? readdirSync(suiteDir).find((f) => f.endsWith('.partial.jsonl')) : undefined;
      if (partial)
        finished = readFileSync(join(suiteDir, partial), 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => (JSON.parse(l) as { id: string }).id);
    }
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).to.equal('SIGKILL');
    expect(finished.length).to.be.within(4, 8);
    expect(
      readdirSync(suiteDir).filter((f) => f.endsWith('.json')),
      'the run finished before the kill',
    ).to.deep.equal([]);

    const r = await runCli(runArgs('killed', '--workers', '1'));
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.include('resuming interrupted run');
    const resumed = readRecord(join(suiteDir, records('killed')[0]));
    expect(accuracy(resumed)).to.deep.equal(accuracy(reference));
    const cached = resumed.cells.filter((c) => c.cached).map((c) => c.id);
    expect(cached).to.include.members(finished);
    expect(cacheOf(resumed)).to.deep.equal({ hits: cached.length, misses: 9 - cached.length });
    expect(readdirSync(suiteDir).filter((f) => f.endsWith('.partial.jsonl'))).to.deep.equal([]);
  });

  it('computes two cells with the same method and settings once', async () => {
    const twins = writeSuite(
      `${tinyHead('twins')}\nmeasure:\n  speed: {batch: 16, warmupRounds: 1, warmupMs: 0, minRounds: 2, minTimeMs: 0, latencyRounds: 0}\nvariants:\n  - {name: a, method: prune, settings: {sparsity: 0.5}}\n  - {name: b, method: prune, settings: {sparsity: 0.5}}\n`,
    );
    const r = await runCli(['run', twins, '--out', dirs('twins').out, '--cache-dir', dirs('twins').cache, '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const rec = readRecord((JSON.parse(r.stdout) as { records: string[] }).records[0]);
    expect(rec.cells.map((c) => [c.id, c.variant, c.cached])).to.deep.equal([
      ['original', 'original', undefined],
      ['a', 'a', undefined],
      ['b', 'b', true],
    ]);
    expect(accuracy(rec)[2][1]).to.equal(accuracy(rec)[1][1]);
    expect(cacheOf(rec)).to.deep.equal({ hits: 1, misses: 2 });
  });

  it('merges shards 1/2 and 2/2 into the unsharded run', async () => {
    const [one, two] = await Promise.all([
      runCli(runArgs('shard1', '--shard', '1/2', '--workers', '1', '--json')),
      runCli(runArgs('shard2', '--shard', '2/2', '--workers', '1', '--json')),
    ]);
    expect(one.code, one.stderr).to.equal(0);
    expect(two.code, two.stderr).to.equal(0);
    const paths = [one, two].map((r) => (JSON.parse(r.stdout) as { records: string[] }).records[0]);
    const shardCells = paths.map((p) => readRecord(p).cells.length);
    expect(shardCells[0] + shardCells[1]).to.equal(9);
    const out = join(tmp, 'merged', 'sweep.json');
    const m = await runCli(['merge', ...paths, '--out', out]);
    expect(m.code, m.stderr).to.equal(0);
    const merged = readRecord(out);
    expect(merged.run.shard).to.equal(null);
    expect(accuracy(merged)).to.deep.equal(accuracy(reference));
    expect(merged.cells.map((c) => c.quality)).to.deep.equal(reference.cells.map((c) => c.quality));
    const dup = await runCli(['merge', paths[0], paths[0], '--out', join(tmp, 'merged', 'dup.json')]);
    expect(dup.code).to.equal(2);
    expect(dup.stderr).to.include('given twice').and.include('shard 2/2 is missing');
  });
});
