import { expect } from 'chai';
import { arithChainExamples, evaluateChain, majorityShare } from '../../harness/data/arith-chain.js';
import { listopsExamples } from '../../harness/data/listops-prompts.js';
import { evaluateListOps } from '../../harness/data/listops.js';

describe('reasoning prompts for the llama model', () => {
  const s = { operands: 3, ops: '+-*', heldOut: 0.2 };

  it('evaluates a chain left to right: 7-3*5 is 20', () => {
    expect(evaluateChain('7-3*5')).to.equal(20);
  });

  it('writes prompts as "Q: <expr>= A:" with the answer " <value>"', () => {
    const [e] = arithChainExamples(s, 'train', 1, 3);
    const expr = e.prompt.slice(3, -4);
    expect(e.prompt).to.match(/^Q: \d[+\-*]\d[+\-*]\d= A:$/);
    expect(e.answer).to.equal(` ${evaluateChain(expr)}`);
  });

  it('never puts an expression in both the train and the test part', () => {
    const train = new Set(arithChainExamples(s, 'train', 2000, 1).map((e) => e.prompt));
    const test = arithChainExamples(s, 'test', 300, 1).map((e) => e.prompt);
    expect(test.filter((p) => train.has(p))).to.deep.equal([]);
  });

  it('gives the same examples for the same seed', () => {
    expect(arithChainExamples(s, 'test', 5, 9)).to.deep.equal(arithChainExamples(s, 'test', 5, 9));
  });

  it('computes chance as the share of the most common answer', () => {
    expect(
      majorityShare([
        { prompt: 'a', answer: '1' },
        { prompt: 'b', answer: '1' },
        { prompt: 'c', answer: '2' },
        { prompt: 'd', answer: '3' },
      ]),
    ).to.equal(0.5);
  });

  it('answers a ListOps prompt with the value of its expression', () => {
    const [e] = listopsExamples({ maxDepth: 2, maxArgs: 4, maxLength: 24 }, 'test', 1, 4);
    expect(e.answer).to.equal(` ${evaluateListOps(e.prompt.slice(3, -4))}`);
  });
});
