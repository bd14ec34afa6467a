import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { CellRecord } from '../../harness/results/record.js';
import { writePredictions } from '../../harness/results/predictions.js';
import { addFairFigures } from '../../harness/runner/fair.js';

const y = Int32Array.from([0, 0, 1, 1, 2, 2]);
const dataset = {
  inputShape: [2],
  inputKind: 'float' as const,
  featureNames: ['a', 'b'],
  classNames: ['x', 'y', 'z'],
  test: { x: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), y, n: 6 },
};

function cell(dir: string, id: string, predicted: number[], extra: Partial<CellRecord> = {}): CellRecord {
  const variant = id.replace(/\[.*$/, '');
  return {
    id,
    variant,
    method: 'prune',
    settings: {},
    seed: 1,
    reference: id === 'original',
    status: 'ok',
    predictions: writePredictions(dir, 3, Int32Array.from(predicted)),
    ...extra,
  };
}

describe('runner/fair', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slimbench-fair-'));
  const original = cell(dir, 'original', [0, 0, 1, 1, 2, 2]);
  const control = cell(dir, 'control[fineTune=1]', [0, 0, 1, 1, 2, 0], { role: 'control', method: 'fine-tune' });
  const variant = cell(dir, 'p[s=1]', [0, 1, 1, 1, 0, 0], { controls: ['control[fineTune=1]'] });
  const cells = [original, control, variant];
  const forgotten = addFairFigures(cells, cells, { recordDir: dir, dataset, level: 0.95, resamples: 100 });

  it("stores the variant's paired accuracy difference from its control and the control's id", () => {
    expect(variant.vsControl!.control).to.equal('control[fineTune=1]');
    expect(variant.vsControl!.kind).to.equal('fine-tune');
    expect(variant.vsControl!.accuracy.value).to.be.closeTo(3 / 6 - 5 / 6, 1e-12);
    expect(variant.vsControl!.flips).to.deep.equal({ rightToWrong: 2, wrongToRight: 0 });
    expect(variant.vsControls!['control[fineTune=1]'].accuracy.value).to.equal(variant.vsControl!.accuracy.value);
  });

  it('records per-class changes against the original', () => {
    expect(variant.forgetting!.classes.map((c) => c.change)).to.deep.equal([-0.5, 0, -1]);
  });

  it("lists the variant's forgotten rows with their items, and leaves control cells out of the list", () => {
    expect(forgotten.variants.map((v) => v.variant)).to.deep.equal(['p']);
    expect(forgotten.variants[0].items.map((i) => i.row)).to.deep.equal([1, 4, 5]);
    expect(forgotten.items['4']).to.deep.equal({
      kind: 'values',
      values: [
        { name: 'a', value: 9 },
        { name: 'b', value: 10 },
      ],
    });
  });
});
