import { expect } from 'chai';
import { klPairs } from '../../harness/runner/llm-cell.js';
import type { TaskAnswers } from '../../harness/runner/llm-measure.js';

const d = (p: number) =>
  new Map([
    ['a', p],
    ['b', 1 - p],
  ]);
const answers = (dists: TaskAnswers['dists']): TaskAnswers => ({ completions: [], answers: [], correct: [], timings: [], dists });

describe('runner/llm-cell', () => {
  it('pairs every position of teacher-forced distributions', () => {
    const a = answers([{ mode: 'forced', dists: [d(0.1), d(0.2), d(0.3)] }]);
    const b = answers([{ mode: 'forced', dists: [d(0.5), d(0.6), d(0.7)] }]);
    expect(klPairs(a, b).map(([p, q]) => [p.get('a'), q.get('a')])).to.deep.equal([
      [0.1, 0.5],
      [0.2, 0.6],
      [0.3, 0.7],
    ]);
  });

  it('pairs own generations up to and including the first token where they part', () => {
    const a = answers([{ mode: 'own', tokens: ['1', '2', '3'], dists: [d(0.1), d(0.2), d(0.3)] }]);
    const b = answers([{ mode: 'own', tokens: ['1', '9', '3'], dists: [d(0.5), d(0.6), d(0.7)] }]);
    expect(klPairs(a, b)).to.have.length(2);
  });

  it('pairs nothing across modes or where a side has no distributions', () => {
    const a = answers([{ mode: 'forced', dists: [d(0.1)] }, null]);
    const b = answers([
      { mode: 'own', tokens: ['x'], dists: [d(0.1)] },
      { mode: 'forced', dists: [d(0.2)] },
    ]);
    expect(klPairs(a, b)).to.deep.equal([]);
  });
});
