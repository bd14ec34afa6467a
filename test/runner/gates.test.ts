import { expect } from 'chai';
import type { CellRecord } from '../../harness/results/record.js';
import { addDeltas, evaluateGates } from '../../harness/runner/gates.js';

const cell = (id: string, seed: number, accuracy: number, reference = false): CellRecord => ({
  id,
  variant: reference ? 'original' : 'p',
  method: reference ? 'none' : 'prune',
  settings: {},
  seed,
  reference,
  status: 'ok',
  quality: { accuracy: { value: accuracy, ci: [accuracy - 0.01, accuracy + 0.01] } },
});
const deltaOf = (c: CellRecord) => (c as CellRecord & { delta?: Record<string, number> }).delta;

describe('runner/gates', () => {
  it('adds each variant its quality minus the original of the same seed', () => {
    const cells = [cell('original#s1', 1, 0.9, true), cell('original#s2', 2, 0.8, true), cell('p#s1', 1, 0.85), cell('p#s2', 2, 0.82)];
    addDeltas(cells);
    expect(deltaOf(cells[2])!.accuracy).to.be.closeTo(-0.05, 1e-12);
    expect(deltaOf(cells[3])!.accuracy).to.be.closeTo(0.02, 1e-12);
    expect(deltaOf(cells[0])).to.equal(undefined);
  });

  it('takes the original from the extra list when the cells do not hold it (a shard)', () => {
    const variant = cell('p', 1, 0.85);
    const gates = evaluateGates([{ variant: 'p', checks: { 'delta.accuracy': '>= -0.005' } }], [variant], [cell('original', 1, 0.9, true)]);
    expect(gates).to.have.length(1);
    expect(gates[0].value).to.be.closeTo(-0.05, 1e-12);
    expect(gates[0].pass).to.equal(false);
  });

  it('fails a delta gate whose original is missing', () => {
    const gates = evaluateGates([{ variant: 'p', checks: { 'delta.accuracy': '>= -0.005' } }], [cell('p', 1, 0.85)]);
    expect(gates[0]).to.include({ value: null, pass: false });
  });
});
