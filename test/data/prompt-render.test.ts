import { expect } from 'chai';
import { compilePrompt } from '../../harness/data/prompt-render.js';
import type { PromptItem } from '../../harness/data/prompt-items.js';
import { inputError } from '../helpers/errors.js';

const item = (question: string, answer: string, extra: Record<string, string> = {}): PromptItem => ({
  id: 'x',
  fields: { question, ...extra },
  answer,
  choices: ['red', 'blue'],
});

describe('data/prompt-render', () => {
  it('renders shots before the question', () => {
    const t = compilePrompt('{{#each shots}}Q: {{question}}\nA: {{answer}}\n{{/each}}Q: {{question}}\nA:', 't');
    expect(t(item('2+2?', '4'), [item('1+1?', '2')])).to.equal('Q: 1+1?\nA: 2\nQ: 2+2?\nA:');
  });

  it('joins the choices with the join helper', () => {
    expect(compilePrompt('{{join choices " or "}}', 't')(item('q', 'red'), [])).to.equal('red or blue');
  });

  it('lower-cases a field with the lower helper', () => {
    expect(compilePrompt('{{lower question}}', 't')(item('[MAX 1 2 ]', '2'), [])).to.equal('[max 1 2 ]');
  });

  it('does not HTML-escape the text', () => {
    expect(compilePrompt('{{question}}', 't')(item('a < b & "c"', '1'), [])).to.equal('a < b & "c"');
  });

  it('rejects a field the item does not have, listing the fields', () => {
    const t = compilePrompt('{{questoin}}', 'suite.yaml:3:5');
    const err = inputError(() => t(item('q', 'a'), []), 'prompt-template');
    expect(err.message).to.contain('suite.yaml:3:5').and.contain('questoin').and.contain('question');
  });

  it('rejects a template that does not compile', () => {
    expect(inputError(() => compilePrompt('{{#each shots}}', 'here')(item('q', 'a'), []), 'prompt-template').message).to.contain('here');
  });
});
