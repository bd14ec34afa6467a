import { expect } from 'chai';
import { llmAccuracy, llmPaired } from '../../harness/measure/llm-quality.js';

const opts = { resamples: 200, level: 0.95, seed: 1 };

describe('measure/llm-quality', () => {
  it('gives 3 of 4 right an accuracy of 0.75 inside its interval', () => {
    const a = llmAccuracy([true, true, false, true], opts);
    expect(a.value).to.equal(0.75);
    expect(a.ci[0]).to.be.at.most(0.75);
    expect(a.ci[1]).to.be.at.least(0.75);
  });

  it('gives all right a zero-width interval at 1', () => {
    expect(llmAccuracy([true, true, true], opts)).to.deep.equal({ value: 1, ci: [1, 1] });
  });

  it('counts flips in both directions and the McNemar p of 3 against 0', () => {
    const p = llmPaired(
      { answers: ['1', '2', '3', '4', '5'], correct: [true, true, true, false, true] },
      { answers: ['1', '9', '9', '4', '9'], correct: [true, false, false, false, false] },
      opts,
    );
    expect(p.flips).to.deep.equal({ rightToWrong: 3, wrongToRight: 0 });
    expect(p.mcnemarP).to.be.closeTo(0.25, 1e-12);
    expect(p.fidelity).to.equal(0.4);
    expect(p.retention.value).to.equal(0.25);
  });

  it('counts two missing answers as the same answer', () => {
    const p = llmPaired({ answers: [null], correct: [false] }, { answers: [null], correct: [false] }, opts);
    expect(p.fidelity).to.equal(1);
    expect(p.mcnemarP).to.equal(1);
  });

  it('refuses answers to different numbers of prompts', () => {
    expect(() => llmPaired({ answers: ['1'], correct: [true] }, { answers: [], correct: [] }, opts)).to.throw(/same prompts/);
  });
});
