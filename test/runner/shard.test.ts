import { expect } from 'chai';
import type { Cell } from '../../harness/suite/plan.js';
import { assignShards, parseShard } from '../../harness/runner/shard.js';
import { selectCells } from '../../harness/runner/select.js';
import { epochsIn, estimateCost } from '../../harness/runner/cost.js';
import { inputErrorOf, suiteOf } from '../helpers/suite.js';
import { expandPlan } from '../../harness/suite/plan.js';

const cell = (id: string, seed = 1, reference = false, settings: Record<string, unknown> = {}): Cell => ({
  id,
  variant: reference ? 'original' : id.split('[')[0],
  method: 'prune',
  settings,
  seed,
  reference,
});

describe('runner/shard', () => {
  it('parses i/n and rejects shards outside 1..n', () => {
    expect(parseShard('2/3')).to.deep.equal({ index: 2, count: 3 });
    expect(inputErrorOf(() => parseShard('0/2'), 'bad-shard')).to.include('--shard 0/2');
    expect(inputErrorOf(() => parseShard('3/2'), 'bad-shard')).to.include('1 <= i <= n');
    expect(inputErrorOf(() => parseShard('half'), 'bad-shard')).to.include('e.g. --shard 1/2');
  });

  it('balances shards greedily by cost, longest first', () => {
    const costs: Record<string, number> = { a: 5, b: 4, c: 3, d: 3, e: 2, f: 1 };
    const cells = Object.keys(costs).map((id) => cell(id));
    const assigned = assignShards(cells, 2, (c) => costs[c.id]);
    // Loads after each step: 5|0, 5|4, 5|7, 8|7, 8|9, 9|9.
    expect(Object.fromEntries(assigned)).to.deep.equal({ a: 1, b: 2, c: 2, d: 1, e: 2, f: 1 });
    const load = [1, 2].map((s) => cells.filter((c) => assigned.get(c.id) === s).reduce((t, c) => t + costs[c.id], 0));
    expect(load).to.deep.equal([9, 9]);
  });

  it('assigns every cell to exactly one shard, the same way every time', () => {
    const cells = Array.from({ length: 11 }, (_, i) => cell(`v${i}`));
    const a = assignShards(cells, 3, () => 1);
    const b = assignShards([...cells], 3, () => 1);
    expect([...a.entries()]).to.deep.equal([...b.entries()]);
    expect(new Set(a.values())).to.deep.equal(new Set([1, 2, 3]));
    expect(a.size).to.equal(11);
  });

  it('gives a shard the originals of its seeds without recording the ones it does not own', () => {
    const cells = [
      cell('original#s1', 1, true),
      cell('p[a]#s1', 1),
      cell('p[b]#s1', 1),
      cell('original#s2', 2, true),
      cell('p[a]#s2', 2),
      cell('p[b]#s2', 2),
    ];
    const cost = (c: Cell) => (c.reference ? 10 : 1);
    const one = selectCells(cells, undefined, { index: 1, count: 2 }, cost);
    const two = selectCells(cells, undefined, { index: 2, count: 2 }, cost);
    expect([...one.recorded, ...two.recorded].sort()).to.deep.equal(cells.map((c) => c.id).sort());
    for (const s of [one, two]) {
      for (const c of s.needed.filter((n) => !n.reference)) expect(s.needed.some((o) => o.reference && o.seed === c.seed)).to.equal(true);
    }
    expect(one.planIds).to.deep.equal(cells.map((c) => c.id));
  });

  it('keeps originals under --filter', () => {
    const cells = [cell('original', 1, true), cell('p[a]'), cell('q[b]')];
    expect(selectCells(cells, 'q', undefined, () => 1).needed.map((c) => c.id)).to.deep.equal(['original', 'q[b]']);
  });

  it('estimates cost from training epochs, including those inside pipeline steps', () => {
    expect(epochsIn({ fineTuneEpochs: 2, steps: [{ settings: { epochs: 3 } }], sparsity: 0.5 })).to.equal(5);
    const suite = suiteOf(['variants:', '  - name: p', '    method: prune', '    settings: {sparsity: 0.5, fineTuneEpochs: 4}'].join('\n'));
    const [original, variant] = expandPlan(suite).cells;
    expect(estimateCost(original, suite)).to.be.closeTo(1 + 2 * 0.2, 1e-12);
    expect(estimateCost(variant, suite)).to.be.closeTo(1 + 4 * 0.2, 1e-12);
  });
});
