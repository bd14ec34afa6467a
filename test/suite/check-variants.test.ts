import { expect } from 'chai';
import { inputErrorOf, suiteOf } from '../helpers/suite.js';

const variant = (...lines: string[]) => ['variants:', ...lines.map((l) => `  ${l}`)].join('\n');
const lineCol = (msg: string) => /:(\d+):(\d+) /.exec(msg)?.slice(1).map(Number);

// The suite head (tinyHead) is 9 lines, so `variants:` is line 10 and the first variant line 11.
describe('suite/check-variants', () => {
  it('accepts a one-at-a-time ablation with a default inside the lists', () => {
    const suite = suiteOf(
      variant(
        '- name: p',
        '  method: prune',
        '  ablate: one-at-a-time',
        '  default: {sparsity: 0.5}',
        '  settings: {sparsity: [0.2, 0.5]}',
      ),
    );
    expect(suite.spec.variants[0].ablate).to.equal('one-at-a-time');
  });

  it('points at a default key that is not a list-valued setting and suggests the closest', () => {
    const msg = inputErrorOf(
      () =>
        suiteOf(
          variant(
            '- name: p',
            '  method: prune',
            '  ablate: one-at-a-time',
            '  default: {sparsty: 0.5}',
            '  settings: {sparsity: [0.2, 0.5]}',
          ),
        ),
      'suite-invalid',
    );
    expect(msg).to.match(/suite\.yaml:14:15 default: 'sparsty' is not a list-valued setting/);
    expect(msg).to.include("did you mean 'sparsity'?");
  });

  it('rejects a default value the method does not accept, at that value', () => {
    const msg = inputErrorOf(
      () =>
        suiteOf(
          variant(
            '- name: p',
            '  method: prune',
            '  ablate: one-at-a-time',
            '  default: {sparsity: 2}',
            '  settings: {sparsity: [0.2, 0.5]}',
          ),
        ),
      'suite-invalid',
    );
    expect(lineCol(msg)).to.deep.equal([14, 25]);
  });

  it('rejects one-at-a-time without any list-valued setting', () => {
    const msg = inputErrorOf(
      () => suiteOf(variant('- name: p', '  method: prune', '  ablate: one-at-a-time', '  settings: {sparsity: 0.5}')),
      'suite-invalid',
    );
    expect(msg).to.include("'one-at-a-time' varies list-valued settings");
    expect(lineCol(msg)).to.deep.equal([13, 13]);
  });

  it('rejects leave-one-out on a method other than pipeline', () => {
    const msg = inputErrorOf(
      () => suiteOf(variant('- name: p', '  method: prune', '  ablate: leave-one-out', '  settings: {sparsity: 0.5}')),
      'suite-invalid',
    );
    expect(msg).to.include("it needs method 'pipeline'");
  });

  it('rejects default without one-at-a-time', () => {
    const msg = inputErrorOf(
      () => suiteOf(variant('- name: p', '  method: prune', '  default: {sparsity: 0.5}', '  settings: {sparsity: [0.2, 0.5]}')),
      'suite-invalid',
    );
    expect(msg).to.include("'default' is the starting point of 'ablate: one-at-a-time'");
    expect(lineCol(msg)).to.deep.equal([13, 5]);
  });

  it('rejects a sensitivity variant that also names a method', () => {
    const msg = inputErrorOf(
      () => suiteOf(variant('- name: s', '  method: prune', '  sensitivity: {method: prune, settings: {sparsity: 0.5}}')),
      'suite-invalid',
    );
    expect(msg).to.include("remove 'method'");
  });

  it('suggests the closest method inside a sensitivity block', () => {
    const msg = inputErrorOf(
      () => suiteOf(variant('- name: s', '  sensitivity:', '    method: prunne', '    settings: {sparsity: 0.5}')),
      'suite-invalid',
    );
    expect(msg).to.include("unknown method 'prunne' (did you mean 'prune'?)");
    expect(lineCol(msg)).to.deep.equal([13, 15]);
  });

  it('locates a bad sweep value at its list element', () => {
    const msg = inputErrorOf(
      () => suiteOf(variant('- name: p', '  method: prune', '  settings:', '    sparsity: [0.1, 0.5, 3]')),
      'suite-invalid',
    );
    expect(msg).to.include('variants[0].settings.sparsity[2]');
    expect(lineCol(msg)).to.deep.equal([14, 28]);
  });

  it('reports a rule across settings (a method refinement) at the setting it names', () => {
    const msg = inputErrorOf(
      () =>
        suiteOf(
          variant(
            '- name: p',
            '  method: prune',
            '  settings:',
            '    sparsity: [0.5, 0.8]',
            '    schedule: polynomial',
            '    fineTuneEpochs: 0',
          ),
        ),
      'suite-invalid',
    );
    expect(msg).to.include('variants[0].settings.fineTuneEpochs');
    expect(lineCol(msg)).to.deep.equal([16, 23]);
    expect(msg.split('\n')).to.have.length(1);
  });

  it('rejects a repeated sweep value, which would give two cells one id', () => {
    const msg = inputErrorOf(() => suiteOf(variant('- name: p', '  method: prune', '  settings: {sparsity: [0.5, 0.5]}')), 'suite-invalid');
    expect(msg).to.include("two points labelled 'sparsity=0.5'");
  });

  it('rejects a quick cap no method has and suggests the closest setting', () => {
    const msg = inputErrorOf(() => suiteOf(['quick:', '  caps: {fineTuneEpoch: 1}'].join('\n')), 'suite-invalid');
    expect(msg).to.include("no method has a setting 'fineTuneEpoch'; did you mean 'fineTuneEpochs'?");
    expect(lineCol(msg)).to.deep.equal([11, 10]);
  });
});
