import { expect } from 'chai';
import { bestPoint, summarisePoints, verdict } from '../../harness/report/verdict.js';
import type { CellRecord, RunRecord } from '../../harness/results/record.js';
import { loadFixture } from './helpers.js';

describe('report/verdict', () => {
  it('names the most compressed variant keeping 99% of accuracy, with size, accuracy change and speedup', () => {
    // quantized[bits=8]: gzip 10000/2500 = 4x, artifact 12000/3000 = 4x, Δ interval (retention CI − 1) × 0.9.
    expect(verdict(loadFixture()).text).to.equal(
      'quantized[bits=8]: 4.00x smaller gzip, 4.00x smaller artifact, accuracy 0.00 pts [-0.45, +0.45], speedup 1.20 [1.10, 1.30]',
    );
  });

  it('states the change against the compute-matched control beside the change against the original', () => {
    const r = loadFixture();
    const q = r.cells.find((c) => c.id === 'quantized[bits=8]')!;
    q.vsControl = {
      control: 'control[fineTune=5]',
      kind: 'fine-tune',
      mcnemarP: 0.5,
      flips: { rightToWrong: 1, wrongToRight: 2 },
      accuracy: { value: -0.012, ci: [-0.03, 0.004] },
    };
    expect(verdict(r).text).to.equal(
      'quantized[bits=8]: 4.00x smaller gzip, 4.00x smaller artifact, accuracy 0.00 pts [-0.45, +0.45] vs original, -1.20 pts [-3.00, +0.40] vs control[fineTune=5], speedup 1.20 [1.10, 1.30]',
    );
  });

  it('never names a control cell as the verdict point', () => {
    const r = loadFixture();
    for (const c of r.cells) if (!c.reference) Object.assign(c, { role: 'control', variant: 'control' });
    expect(verdict(r).kind).to.equal('no-variants');
  });

  it('skips more compressed variants that lose more than 1% of accuracy', () => {
    const kept = summarisePoints(loadFixture())
      .filter((p) => p.retention >= 0.99)
      .map((p) => p.label);
    expect(kept).to.not.include('pruned[sparsity=0.9]');
    expect(kept).to.include('pruned[sparsity=0.8]');
    expect(bestPoint(loadFixture())!.label).to.equal('quantized[bits=8]');
  });

  it('leaves out the artifact ratio when the files did not shrink (pruning)', () => {
    const r = loadFixture();
    r.cells = r.cells.filter((c) => !c.id.startsWith('quantized'));
    expect(verdict(r).text).to.equal(
      'pruned[sparsity=0.8]: 3.33x smaller gzip, accuracy -0.50 pts [-1.35, +0.27], speedup 1.01 [0.98, 1.04]',
    );
  });

  it('names the closest variant when none keeps 99%', () => {
    const r = loadFixture();
    for (const c of r.cells) if (c.retention) c.retention.accuracy.value = Math.min(c.retention.accuracy.value, 0.95);
    const v = verdict(r);
    expect(v.kind).to.equal('none-kept');
    expect(v.text).to.match(/^no variant keeps 99% of the original's accuracy; closest: /);
  });

  it('says so when the original failed', () => {
    const r = loadFixture();
    r.cells[0] = { ...r.cells[0], status: 'failed', error: 'out of memory' };
    expect(verdict(r)).to.deep.include({ kind: 'original-failed', text: 'the original model failed: out of memory' });
  });

  it('uses the recorded means and t-intervals over seeds when a point has several', () => {
    const base = loadFixture();
    const orig = base.cells[0];
    const q8 = base.cells.find((c) => c.id === 'quantized[bits=8]')!;
    const seeded = (c: CellRecord, seed: number): CellRecord => ({ ...c, id: `${c.id}#s${seed}`, seed });
    const r: RunRecord = {
      ...base,
      cells: [seeded(orig, 7), seeded(q8, 7), seeded(orig, 8), seeded(q8, 8)],
      aggregates: [
        {
          variant: 'original',
          settings: {},
          cells: ['original#s7', 'original#s8'],
          seeds: [7, 8],
          figures: { 'quality.accuracy': { mean: 0.9, sd: 0, ci: [0.9, 0.9], n: 2 } },
        },
        {
          variant: 'quantized',
          settings: { bits: 8 },
          cells: ['quantized[bits=8]#s7', 'quantized[bits=8]#s8'],
          seeds: [7, 8],
          figures: {
            'quality.accuracy': { mean: 0.895, sd: 0.01, ci: [0.885, 0.905], n: 2 },
            'retention.accuracy': { mean: 0.995, sd: 0.01, ci: [0.98, 1.01], n: 2 },
            'speed.speedup': { mean: 1.25, sd: 0.05, ci: [1.2, 1.3], n: 2 },
          },
        },
      ],
    };
    const [p] = summarisePoints(r);
    expect(p.seeds).to.equal(2);
    expect(p.retention).to.equal(0.995);
    expect(verdict(r).text).to.equal(
      'quantized[bits=8]: 4.00x smaller gzip, 4.00x smaller artifact, accuracy -0.50 pts [-1.50, +0.50] over 2 seeds, speedup 1.25 [1.20, 1.30] over 2 seeds',
    );
  });
});
