import { expect } from 'chai';
import { leaveOneOut, oneAtATime } from '../../harness/suite/ablate.js';
import { expandPlan } from '../../harness/suite/plan.js';
import { methods } from '../../harness/methods/index.js';
import { applyQuick, capSettings } from '../../harness/suite/quick.js';
import { suiteOf } from '../helpers/suite.js';

const ids = (suite: ReturnType<typeof suiteOf>, quick = false, layers?: number[]) =>
  expandPlan(suite, quick, layers).cells.map((c) => c.id);

describe('suite/plan', () => {
  it('expands a 3x2 grid into 6 variant cells after the original', () => {
    const suite = suiteOf(
      ['variants:', '  - name: p', '    method: prune', '    settings: {sparsity: [0.2, 0.5, 0.8], scope: [layer, global]}'].join('\n'),
    );
    const cells = expandPlan(suite).cells;
    expect(cells).to.have.length(7);
    expect(cells[0]).to.include({ id: 'original', reference: true });
    expect(cells.slice(1).map((c) => c.id)).to.deep.equal([
      'p[sparsity=0.2,scope=layer]',
      'p[sparsity=0.2,scope=global]',
      'p[sparsity=0.5,scope=layer]',
      'p[sparsity=0.5,scope=global]',
      'p[sparsity=0.8,scope=layer]',
      'p[sparsity=0.8,scope=global]',
    ]);
    expect(cells[3].settings).to.include({ sparsity: 0.5, scope: 'layer' });
  });

  it('pairs list values element by element with zip: true', () => {
    const suite = suiteOf(
      [
        'variants:',
        '  - name: p',
        '    method: prune',
        '    zip: true',
        '    settings: {sparsity: [0.2, 0.5], scope: [layer, global]}',
      ].join('\n'),
    );
    expect(ids(suite)).to.deep.equal(['original', 'p[sparsity=0.2,scope=layer]', 'p[sparsity=0.5,scope=global]']);
  });

  it('expands one-at-a-time into the default point plus each other value of each knob', () => {
    const suite = suiteOf(
      [
        'variants:',
        '  - name: p',
        '    method: prune',
        '    ablate: one-at-a-time',
        '    default: {sparsity: 0.5}',
        '    settings: {sparsity: [0.2, 0.5, 0.8], scope: [layer, global]}',
      ].join('\n'),
    );
    expect(ids(suite)).to.deep.equal(['original', 'p[default]', 'p[sparsity=0.2]', 'p[sparsity=0.8]', 'p[scope=global]']);
    const cells = expandPlan(suite).cells;
    expect(cells[1].settings).to.include({ sparsity: 0.5, scope: 'layer' });
    expect(cells[4].settings).to.include({ sparsity: 0.5, scope: 'global' });
  });

  it('takes each list first value as the default when none is given', () => {
    const points = oneAtATime({ a: [1, 2], b: ['x', 'y', 'z'], c: 7 }, ['a', 'b']);
    expect(points.map((p) => p.label)).to.deep.equal(['default', 'a=2', 'b=y', 'b=z']);
    expect(points[0].raw).to.deep.equal({ a: 1, b: 'x', c: 7 });
    expect(points[3].raw).to.deep.equal({ a: 1, b: 'z', c: 7 });
  });

  it('expands leave-one-out into the full pipeline plus each step removed', () => {
    const steps = [
      { method: 'prune', settings: { sparsity: 0.5 } },
      { method: 'quantize' },
      { method: 'prune', settings: { sparsity: 0.9 } },
    ];
    const points = leaveOneOut({ steps, fineTuneEpochs: 1 });
    expect(points.map((p) => p.label)).to.deep.equal(['full', 'without=1.prune', 'without=quantize', 'without=3.prune']);
    expect((points[2].raw.steps as unknown[]).length).to.equal(2);
    expect(points[2].raw.steps).to.deep.equal([steps[0], steps[2]]);
    expect(points[2].raw.fineTuneEpochs).to.equal(1);
  });

  it('keeps a one-step pipeline whole under leave-one-out', () => {
    expect(leaveOneOut({ steps: [{ method: 'prune' }] }).map((p) => p.label)).to.deep.equal(['full']);
  });

  it('expands a leave-one-out pipeline variant in the plan', function () {
    if (!('pipeline' in methods)) this.skip();
    const suite = suiteOf(
      [
        'variants:',
        '  - name: pipe',
        '    method: pipeline',
        '    ablate: leave-one-out',
        '    settings:',
        '      steps:',
        '        - {method: prune, settings: {sparsity: 0.5}}',
        '        - {method: quantize, settings: {bits: 8}}',
      ].join('\n'),
    );
    expect(ids(suite)).to.deep.equal(['original', 'pipe[full]', 'pipe[without=prune]', 'pipe[without=quantize]']);
  });

  it('expands sensitivity into one cell per layer and setting, layers referenced by position', () => {
    const suite = suiteOf(
      [
        'variants:',
        '  - name: s',
        '    sensitivity:',
        '      method: prune',
        '      settings: {sparsity: [0.3, 0.6]}',
        '      layers: all',
      ].join('\n'),
    );
    const cells = expandPlan(suite, false, [0, 1]).cells.slice(1);
    expect(cells.map((c) => c.id)).to.deep.equal([
      's[sparsity=0.3,layer=0]',
      's[sparsity=0.3,layer=1]',
      's[sparsity=0.6,layer=0]',
      's[sparsity=0.6,layer=1]',
    ]);
    expect(cells[1].layers).to.deep.equal(['@1']);
    expect(cells[1].method).to.equal('prune');
  });

  it('uses named sensitivity layers as written', () => {
    const suite = suiteOf(
      [
        'variants:',
        '  - name: s',
        '    sensitivity:',
        '      method: prune',
        '      settings: {sparsity: 0.5}',
        '      layers: [dense_a, dense_b]',
      ].join('\n'),
    );
    const cells = expandPlan(suite).cells.slice(1);
    expect(cells.map((c) => c.id)).to.deep.equal(['s[layer=dense_a]', 's[layer=dense_b]']);
    expect(cells[0].layers).to.deep.equal(['dense_a']);
  });

  it('thins sweeps and caps settings in --quick', () => {
    const suite = suiteOf(
      [
        'variants:',
        '  - name: p',
        '    method: prune',
        '    settings: {sparsity: [0.1, 0.3, 0.5, 0.7, 0.9], fineTuneEpochs: 5}',
        'quick:',
        '  sweepPoints: 2',
        '  caps: {fineTuneEpochs: 1}',
      ].join('\n'),
    );
    const cells = expandPlan(suite, true).cells.filter((c) => c.variant === 'p');
    expect(cells.map((c) => c.id)).to.deep.equal(['p[sparsity=0.1]', 'p[sparsity=0.9]']);
    expect(cells[0].settings.fineTuneEpochs).to.equal(1);
    expect(expandPlan(suite).cells.find((c) => c.variant === 'p')!.settings.fineTuneEpochs).to.equal(5);
  });

  it('runs a --quick run on quick.runtimes in place of measure.runtimes', () => {
    const suite = suiteOf(['measure:', '  runtimes: [tfjs, onnxruntime]', 'quick:', '  runtimes: [tfjs]'].join('\n'));
    expect(applyQuick(suite).spec.measure.runtimes).to.deep.equal(['tfjs']);
    expect(suite.spec.measure.runtimes).to.deep.equal(['tfjs', 'onnxruntime']);
    expect(applyQuick(suiteOf(['measure:', '  runtimes: [tfjs, onnxruntime]'].join('\n'))).spec.measure.runtimes).to.deep.equal([
      'tfjs',
      'onnxruntime',
    ]);
  });

  it('caps numeric settings at any depth, pipeline steps included', () => {
    const settings = {
      fineTuneEpochs: 5,
      steps: [
        { method: 'prune', settings: { fineTuneEpochs: 3, sparsity: 0.5 } },
        { method: 'quantize', settings: { fineTuneEpochs: 0 } },
      ],
    };
    expect(capSettings(settings, { fineTuneEpochs: 1 })).to.deep.equal({
      fineTuneEpochs: 1,
      steps: [
        { method: 'prune', settings: { fineTuneEpochs: 1, sparsity: 0.5 } },
        { method: 'quantize', settings: { fineTuneEpochs: 0 } },
      ],
    });
  });

  it('repeats every cell per seed with a seed tag', () => {
    const suite = suiteOf(
      ['repeats: 2', 'seed: 4', 'variants:', '  - name: p', '    method: prune', '    settings: {sparsity: 0.5}'].join('\n'),
    );
    expect(ids(suite)).to.deep.equal(['original#s4', 'p#s4', 'original#s5', 'p#s5']);
  });
});
