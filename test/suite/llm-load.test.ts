import { expect } from 'chai';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAnySuite } from '../../harness/suite/any-suite.js';
import { inputErrorOf } from '../helpers/suite.js';
import { tinyModelDir, writeLlmSuite } from '../helpers/llm-suite.js';

describe('suite/llm-load', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => (dir = tinyModelDir()));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a suite with tasks as an LLM suite', () => {
    const s = loadAnySuite(writeLlmSuite(dir, 'model: {gguf: tiny.gguf}\nvariants: [{name: f16, model: {gguf: tiny-f16.gguf}}]'));
    expect(s.kind).to.equal('llm');
    if (s.kind === 'llm') expect(s.taskSettings.arithmetic.maxAnswer).to.equal(50);
  });

  it('names a missing GGUF file with its place and full path', () => {
    const msg = inputErrorOf(() => loadAnySuite(writeLlmSuite(dir, 'model: {gguf: nope.gguf}')), 'suite-invalid');
    expect(msg).to.match(/suite\.yaml:2:\d+ GGUF file not found: .*nope\.gguf/);
  });

  it('names a file that is not GGUF', () => {
    writeFileSync(join(dir, 'fake.gguf'), 'hello, not a model');
    const msg = inputErrorOf(
      () => loadAnySuite(writeLlmSuite(dir, 'model: {gguf: tiny.gguf}\nvariants: [{name: x, model: {gguf: fake.gguf}}]')),
      'suite-invalid',
    );
    expect(msg)
      .to.contain('fake.gguf')
      .and.match(/suite\.yaml:3:\d+/);
  });

  it('rejects a malformed endpoint URL at validation', () => {
    const msg = inputErrorOf(() => loadAnySuite(writeLlmSuite(dir, 'model: {endpoint: {baseUrl: "not a url", model: m}}')), 'suite-schema');
    expect(msg).to.contain('baseUrl');
  });

  it('rejects a template field the task does not have, at its line', () => {
    const file = join(dir, 'suite.yaml');
    writeFileSync(file, `name: t\nmodel: {gguf: tiny.gguf}\ntasks:\n  - name: a\n    source: arithmetic\n    template: "{{expresion}}"\n`);
    const msg = inputErrorOf(() => loadAnySuite(file), 'suite-invalid');
    expect(msg)
      .to.match(/suite\.yaml:6:\d+ template: .*expresion/)
      .and.contain('expression');
  });

  it('rejects answer: choice on a task without choices', () => {
    const file = join(dir, 'suite.yaml');
    writeFileSync(
      file,
      `name: t\nmodel: {gguf: tiny.gguf}\ntasks:\n  - name: a\n    source: arithmetic\n    template: "{{expression}}"\n    answer: choice\n`,
    );
    expect(inputErrorOf(() => loadAnySuite(file), 'suite-invalid')).to.contain("answer 'choice' needs a task with choices");
  });

  it('rejects an unknown GGUF method with the list of methods', () => {
    const msg = inputErrorOf(
      () => loadAnySuite(writeLlmSuite(dir, 'model: {gguf: tiny.gguf}\nvariants: [{name: q, method: gguf-quantise}]')),
      'suite-invalid',
    );
    expect(msg).to.contain("unknown GGUF method 'gguf-quantise'");
  });

  it('rejects a gate check outside the LLM record fields', () => {
    const msg = inputErrorOf(
      () =>
        loadAnySuite(
          writeLlmSuite(
            dir,
            'model: {gguf: tiny.gguf}\nvariants: [{name: f16, model: {gguf: tiny-f16.gguf}}]\ngates: [{variant: f16, checks: {flops.dense: "< 1"}}]',
          ),
        ),
      'suite-invalid',
    );
    expect(msg).to.contain("unknown check 'flops.dense'");
  });
});
