import { expect } from 'chai';
import { evaluateChain, isHeldOut } from '../../harness/data/arith-chain.js';
import { evaluateListOps } from '../../harness/data/listops.js';
import { getPromptSource, promptItems } from '../../harness/data/prompt-items.js';
import { InputError } from '../../harness/errors.js';
import { inputError } from '../helpers/errors.js';

describe('data/prompt-items', () => {
  it('gives ListOps items their expression value as the answer, with the ten digits as choices', () => {
    const items = promptItems(getPromptSource('listops'), { maxDepth: 2 }, 1, 'test', 20);
    for (const it of items) {
      expect(it.answer).to.equal(String(evaluateListOps(it.fields.expression)));
      expect(it.choices).to.deep.equal('0123456789'.split(''));
    }
  });

  it('gives bAbI items a story, a where-question and the places as choices', () => {
    const [item] = promptItems(getPromptSource('babi'), { task: 1, places: 4 }, 1, 'test', 1);
    expect(item.fields.question).to.match(/^Where is \w+\?$/);
    expect(item.choices).to.have.length(4);
    expect(item.choices).to.include(item.answer);
  });

  it('gives arithmetic items an integer answer and no choices', () => {
    const items = promptItems(getPromptSource('arithmetic'), {}, 2, 'test', 10);
    for (const it of items) {
      expect(it.answer).to.match(/^\d+$/);
      expect(it.choices).to.equal(undefined);
    }
  });

  it('gives arith-chain items held-out expressions in the training prompt format', () => {
    for (const it of promptItems(getPromptSource('arith-chain'), { operands: 3 }, 1, 'test', 20)) {
      expect(isHeldOut(it.fields.expression, 0.2)).to.equal(true);
      expect(it.fields.prompt).to.equal(`Q: ${it.fields.expression}= A:`);
      expect(it.answer).to.equal(String(evaluateChain(it.fields.expression)));
    }
  });

  it('gives listops-heldout items held-out expressions in the training prompt format', () => {
    for (const it of promptItems(getPromptSource('listops-heldout'), { maxDepth: 2, maxArgs: 4, maxLength: 24 }, 1, 'test', 20)) {
      expect(isHeldOut(it.fields.expression, 0.2)).to.equal(true);
      expect(it.fields.prompt).to.equal(`Q: ${it.fields.expression}= A:`);
      expect(it.answer).to.equal(String(evaluateListOps(it.fields.expression)));
    }
  });

  it('draws shots and test questions from different streams', () => {
    const src = getPromptSource('arithmetic');
    const test = promptItems(src, {}, 1, 'test', 5).map((i) => i.fields.context);
    const shots = promptItems(src, {}, 1, 'shots', 5).map((i) => i.fields.context);
    expect(test).to.not.deep.equal(shots);
  });

  it('numbers items by part', () => {
    expect(promptItems(getPromptSource('listops'), {}, 1, 'shots', 2).map((i) => i.id)).to.deep.equal(['shots-0', 'shots-1']);
  });

  it('rejects an unknown source with the closest name', () => {
    const err = inputError(() => getPromptSource('arithmetc'), 'unknown-task-source');
    expect(err).to.be.instanceOf(InputError);
    expect(err.message).to.contain("did you mean 'arithmetic'");
  });
});
