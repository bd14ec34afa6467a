import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeChars } from '../../harness/models/llama-vocab.js';
import { loadLlamaCpp, type LlamaCppModel } from '../../harness/runtimes/llama-cpp.js';
import { tinyLlama, writeTinyGguf } from '../../harness/runtimes/tiny-gguf.js';

describe('tiny random-weight GGUF in node-llama-cpp', function () {
  this.timeout(60_000);
  let dir: string;
  let model: LlamaCppModel;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gguf-llama-'));
    writeTinyGguf(join(dir, 'tiny.gguf'), 3);
    model = await loadLlamaCpp(join(dir, 'tiny.gguf'));
  });
  after(async () => {
    await model?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tokenizes a prompt one token per character, with the ids of the character vocabulary', () => {
    const { vocab } = tinyLlama();
    expect(model.tokenize('Q: 3+4= A:')).to.deep.equal(encodeChars(vocab, 'Q: 3+4= A:'));
  });

  it('generates exactly maxTokens tokens greedily when no stop string matches', async () => {
    const g = await model.generate('Q: 1+2=', { maxTokens: 6, stop: [] });
    expect(g.genTokens + (g.finish === 'eos' ? 1 : 0)).to.be.at.most(6);
    expect(g.finish === 'eos' || g.genTokens === 6).to.equal(true);
    expect(g.promptTokens).to.equal(8);
  });

  it('generates the same tokens for the same prompt twice', async () => {
    const a = await model.generate('Q: 5*6=', { maxTokens: 5 });
    const b = await model.generate('Q: 5*6=', { maxTokens: 5 });
    expect(b.tokens).to.deep.equal(a.tokens);
  });

  it('cuts the text before the first stop string and reports the stop', async () => {
    const free = await model.generate('Q: 7-3=', { maxTokens: 8 });
    const stop = free.text.slice(2, 3);
    const cut = await model.generate('Q: 7-3=', { maxTokens: 8, stop: [stop] });
    expect(free.text.length).to.be.at.least(3);
    expect([cut.text, cut.finish]).to.deep.equal([free.text.slice(0, free.text.indexOf(stop)), 'stop']);
  });

  it('reports the time to first token and the prompt and generation speeds as positive numbers', async () => {
    const g = await model.generate('Q: 8+1=', { maxTokens: 5 });
    expect(g.ttftMs).to.be.greaterThan(0);
    expect(g.promptTokensPerSec).to.be.greaterThan(0);
    if (g.genTokens >= 2) expect(g.genTokensPerSec).to.be.greaterThan(0);
  });

  it('returns the next-token distribution at the requested steps, the first equal to nextTokenProbs', async () => {
    const g = await model.generate('Q: 4+4=', { maxTokens: 3, probsAt: [0, 1] });
    const direct = await model.nextTokenProbs('Q: 4+4=');
    expect(g.probs[0].step).to.equal(0);
    expect(Array.from(g.probs[0].probs)).to.deep.equal(Array.from(direct));
  });

  it('returns a next-token distribution over the whole vocabulary that sums to 1', async () => {
    const p = await model.nextTokenProbs('Q: 2+2=');
    expect(p.length).to.equal(tinyLlama().vocab.tokens.length);
    expect(p.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-3);
  });
});
