import { expect } from 'chai';
import { mergeProblems, mergeShards, type ShardInput } from '../../harness/results/merge.js';
import type { CellRecord, RunRecord } from '../../harness/results/record.js';
import { expectInputErrorCode } from '../helpers/errors.js';

const ids = ['original', 'p[a]', 'p[b]', 'p[c]'];
const cell = (id: string): CellRecord => ({ id, variant: id === 'original' ? 'original' : 'p', method: 'prune', settings: {}, seed: 1, reference: id === 'original', status: 'ok' });

function shard(index: number, count: number, cells: string[], extra: Partial<RunRecord['run']> = {}): ShardInput {
  const record: RunRecord = {
    schemaVersion: 1,
    suite: { name: 's', file: 's.yaml', hash: 'h' },
    run: { id: `r${index}`, startedAt: `2024-01-0${index}T00:00:00Z`, finishedAt: `2024-01-0${index}T01:00:00Z`, gitSha: null, shard: { index, count }, plan: { cells: ids.length, hash: 'p', ids }, cache: { hits: index, misses: 1 }, ...extra },
    env: { node: 'v20', backend: 'wasm', cpu: 'x', cores: 2, os: 'linux', harnessVersion: '0.1.0' },
    cells: cells.map(cell),
    gates: cells.filter((c) => c !== 'original').map((c) => ({ variant: 'p', cell: c, check: 'x >= 0', value: 1, pass: true })),
  };
  return { path: `shard${index}.json`, record };
}

describe('results/merge', () => {
  it('joins shards into one record with cells in plan order and summed cache counts', () => {
    const merged = mergeShards([shard(2, 2, ['p[a]', 'p[c]']), shard(1, 2, ['original', 'p[b]'])], 'm1');
    expect(merged.cells.map((c) => c.id)).to.deep.equal(ids);
    expect(merged.gates.map((g) => g.cell)).to.deep.equal(['p[a]', 'p[b]', 'p[c]']);
    expect(merged.run).to.include({ id: 'm1', shard: null, startedAt: '2024-01-01T00:00:00Z', finishedAt: '2024-01-02T01:00:00Z' });
    expect((merged.run as { cache: object }).cache).to.deep.equal({ hits: 3, misses: 2 });
    expect((merged.run as { plan: object }).plan).to.deep.equal({ cells: 4, hash: 'p' });
  });

  it('reports a missing shard', () => {
    expect(mergeProblems([shard(1, 3, ['original']), shard(3, 3, ['p[a]'])])).to.deep.include("shard 2/3 is missing; run it with 'slimbench run <suite> --shard 2/3' and pass its record too");
  });

  it('reports a shard given twice', () => {
    const problems = mergeProblems([shard(1, 2, ['original', 'p[b]']), shard(2, 2, ['p[a]', 'p[c]']), { ...shard(2, 2, ['p[a]', 'p[c]']), path: 'again.json' }]);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.equal('again.json: shard 2/2 given twice (also shard2.json); pass each shard once');
  });

  it('reports cells no shard holds', () => {
    const problems = mergeProblems([shard(1, 2, ['original']), shard(2, 2, ['p[a]'])]);
    expect(problems[0]).to.include('cells missing from every shard: p[b], p[c]');
  });

  it('refuses records of other suites, plans or unsharded runs', () => {
    const other = shard(2, 2, ['p[a]', 'p[c]']);
    other.record.suite.hash = 'other';
    (other.record.run as { plan: object }).plan = { cells: 4, hash: 'q', ids };
    const problems = mergeProblems([shard(1, 2, ['original', 'p[b]']), other, { ...shard(1, 1, []), path: 'plain.json', record: { ...shard(1, 1, []).record, run: { ...shard(1, 1, []).record.run, shard: null } } }]);
    expect(problems.join('\n')).to.include("suite 's' (hash other)").and.include('planned cells differ').and.include('plain.json: not a shard record');
  });

  it('throws one InputError listing every problem', () => {
    let err: unknown;
    try {
      mergeShards([shard(1, 3, ['original'])], 'm');
    } catch (e) {
      err = e;
    }
    expectInputErrorCode(err, 'merge-shards');
    expect((err as Error).message.split('\n')).to.have.length(2);
  });
});
