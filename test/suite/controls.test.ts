import { expect } from 'chai';
import { extraTraining, mergePhases } from '../../harness/suite/controls.js';
import { expandPlan } from '../../harness/suite/plan.js';
import { suiteOf } from '../helpers/suite.js';

const train = { epochs: 10, batchSize: 16, learningRate: 0.01 };
const cellsOf = (lines: string[], quick = false) => expandPlan(suiteOf(lines.join('\n')), quick).cells;

describe('suite/controls', () => {
  it('gives pruned variants with the same fine-tuning budget one shared control cell after the original', () => {
    const cells = cellsOf([
      'variants:',
      '  - name: p',
      '    method: prune',
      '    settings: {sparsity: [0.5, 0.8], fineTuneEpochs: 3, fineTuneLearningRate: 0.001}',
    ]);
    expect(cells.map((c) => c.id)).to.deep.equal(['original', 'control[fineTune=3]', 'p[sparsity=0.5]', 'p[sparsity=0.8]']);
    expect(cells[1]).to.deep.include({
      variant: 'control',
      method: 'fine-tune',
      role: 'control',
      settings: { phases: [{ epochs: 3, learningRate: 0.001 }] },
    });
    expect(cells[2].controls).to.deep.equal(['control[fineTune=3]']);
  });

  it('adds no control cell to a variant that does not train beyond the original', () => {
    const cells = cellsOf([
      'variants:',
      '  - name: q',
      '    method: quantize',
      '  - name: p',
      '    method: prune',
      '    settings: {sparsity: 0.5}',
    ]);
    expect(cells.map((c) => c.id)).to.deep.equal(['original', 'q', 'p']);
    expect(cells[2].controls).to.equal(undefined);
  });

  it('leaves every control out with controls: none', () => {
    const cells = cellsOf([
      'controls: none',
      'variants:',
      '  - name: p',
      '    method: prune',
      '    settings: {sparsity: 0.5, fineTuneEpochs: 2}',
    ]);
    expect(cells.map((c) => c.id)).to.deep.equal(['original', 'p']);
  });

  it("names the learning rate when two budgets of the same epochs differ in it, defaulting to the original's rate / 10", () => {
    const cells = cellsOf([
      'variants:',
      '  - name: a',
      '    method: prune',
      '    settings: {sparsity: 0.5, fineTuneEpochs: 2}',
      '  - name: b',
      '    method: prune',
      '    settings: {sparsity: 0.5, fineTuneEpochs: 2, fineTuneLearningRate: 0.01}',
    ]);
    expect(cells.filter((c) => c.role === 'control').map((c) => c.id)).to.deep.equal([
      'control[fineTune=2,lr=0.0003]',
      'control[fineTune=2,lr=0.01]',
    ]);
  });

  it('gives a structurally pruned model a fine-tune control and a from-scratch control of its architecture for the total epochs', () => {
    const cells = cellsOf(['variants:', '  - name: s', '    method: prune-structured', '    settings: {amount: 0.5, fineTuneEpochs: 1}']);
    expect(cells.map((c) => c.id)).to.deep.equal(['original', 'control[fineTune=1]', 'control[scratch=s]', 's']);
    expect(cells[2].settings).to.deep.equal({
      structure: { method: 'prune-structured', settings: { amount: 0.5, norm: 'l1' } },
      epochs: 3,
    });
    expect(cells[3].controls).to.deep.equal(['control[fineTune=1]', 'control[scratch=s]']);
  });

  it('tags control cells with their seed when a suite repeats seeds', () => {
    const cells = cellsOf([
      'repeats: 2',
      'variants:',
      '  - name: p',
      '    method: prune',
      '    settings: {sparsity: 0.5, fineTuneEpochs: 1}',
    ]);
    expect(cells.map((c) => c.id)).to.deep.equal([
      'original#s1',
      'control[fineTune=1]#s1',
      'p#s1',
      'original#s2',
      'control[fineTune=1]#s2',
      'p#s2',
    ]);
    expect(cells[5].controls).to.deep.equal(['control[fineTune=1]#s2']);
  });

  it('uses the quick-capped fine-tuning budget in --quick runs', () => {
    const cells = cellsOf(
      [
        'variants:',
        '  - name: p',
        '    method: prune',
        '    settings: {sparsity: 0.5, fineTuneEpochs: 5}',
        'quick:',
        '  caps: {fineTuneEpochs: 1}',
      ],
      true,
    );
    expect(cells[1]).to.deep.include({ id: 'control[fineTune=1]' });
  });

  it("counts a pipeline's step fine-tuning and its between-step fine-tuning", () => {
    const settings = {
      steps: [
        { method: 'prune', settings: { sparsity: 0.5, fineTuneEpochs: 2 } },
        { method: 'prune', settings: { sparsity: 0.7 } },
        { method: 'quantize' },
      ],
      fineTuneEpochs: 1,
    };
    expect(mergePhases(extraTraining('pipeline', settings, train))).to.deep.equal([{ epochs: 4, learningRate: 0.001 }]);
  });

  it("fine-tunes low-rank models at the original's own learning rate", () => {
    expect(extraTraining('lowrank', { rank: 2, fineTuneEpochs: 3 }, train)).to.deep.equal([{ epochs: 3, learningRate: 0.01 }]);
  });

  it("rejects a variant named 'control'", () => {
    expect(() => suiteOf(['variants:', '  - name: control', '    method: quantize'].join('\n'))).to.throw(/'control' are reserved/);
  });
});
