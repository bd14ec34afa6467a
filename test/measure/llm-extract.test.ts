import { expect } from 'chai';
import { extractAnswer, isCorrect } from '../../harness/measure/llm-extract.js';

describe('measure/llm-extract', () => {
  it('reads the first line, trimmed, without its final period, for exact', () => {
    expect(extractAnswer('  kitchen.\nmore', 'exact')).to.equal('kitchen');
  });

  it('reads the first integer, as its value', () => {
    expect(extractAnswer('3 + 4 = 007, so 7', 'first-integer')).to.equal('3');
    expect(extractAnswer('= 007', 'first-integer')).to.equal('7');
  });

  it('reads a negative integer with its sign', () => {
    expect(extractAnswer('it is -12', 'first-integer')).to.equal('-12');
  });

  it('gives null when there is no integer', () => {
    expect(extractAnswer('none', 'first-integer')).to.equal(null);
  });

  it('picks the choice that appears first as a whole word', () => {
    expect(extractAnswer('the parkway, no: the Garden then park', 'choice', ['park', 'garden'])).to.equal('garden');
  });

  it('takes the first group of a regex', () => {
    expect(extractAnswer('so the answer is 42.', { regex: 'answer is (\\d+)' })).to.equal('42');
  });

  it('takes the whole match of a regex without groups', () => {
    expect(extractAnswer('x = 5', { regex: '\\d' })).to.equal('5');
  });

  it('compares integers by value and choices without case', () => {
    expect(isCorrect('7', '07', 'first-integer')).to.equal(true);
    expect(isCorrect('Garden', 'garden', 'choice')).to.equal(true);
    expect(isCorrect('Garden', 'garden', 'exact')).to.equal(false);
    expect(isCorrect(null, '1', 'exact')).to.equal(false);
  });
});
