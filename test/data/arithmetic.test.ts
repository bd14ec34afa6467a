import { expect } from 'chai';
import { arithmeticSettings, generateProblem, loadArithmetic, solveSteps, stepsExpression } from '../../harness/data/arithmetic.js';
import { Rng } from '../../harness/data/random.js';

const settings = (extra: Record<string, unknown> = {}) => arithmeticSettings.parse({ trainSize: 50, testSize: 20, ...extra });

describe('data/arithmetic', () => {
  it('solves 3 + 4 - 2 * 3 left to right as 15', () => {
    expect(
      solveSteps(3, [
        { op: '+', operand: 4 },
        { op: '-', operand: 2 },
        { op: '*', operand: 3 },
      ]),
    ).to.equal(15);
  });

  it('gives every problem the answer of its own steps', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 200; i++) {
      const p = generateProblem(rng, settings());
      expect(p.answer).to.equal(solveSteps(p.start, p.steps));
    }
  });

  it('keeps every intermediate amount within 0..maxAnswer', () => {
    const rng = new Rng(3);
    const s = settings({ maxAnswer: 30, maxStart: 10, minSteps: 4, maxSteps: 6 });
    for (let i = 0; i < 300; i++) {
      const p = generateProblem(rng, s);
      let v = p.start;
      for (const st of p.steps) {
        v = solveSteps(v, [st]);
        expect(v).to.be.within(0, 30);
      }
      expect(p.steps.length).to.be.within(4, 6);
    }
  });

  it('writes a worked solution that ends in the answer', () => {
    const p = generateProblem(new Rng(11), settings());
    expect(p.solution.endsWith(`= ${p.answer}.`)).to.equal(true);
  });

  it('mentions the starting amount and each operand in the text', () => {
    const p = generateProblem(new Rng(5), settings());
    expect(p.text).to.contain(`has ${p.start} `);
    for (const st of p.steps) expect(p.text).to.contain(` ${st.operand} `);
  });

  it('writes the steps as one expression, with parentheses only before a product', () => {
    expect(
      stepsExpression(3, [
        { op: '+', operand: 4 },
        { op: '-', operand: 2 },
        { op: '*', operand: 3 },
      ]),
    ).to.equal('(3+4-2)*3');
    expect(
      stepsExpression(3, [
        { op: '*', operand: 4 },
        { op: '+', operand: 2 },
      ]),
    ).to.equal('3*4+2');
  });

  it('writes expressions whose usual-precedence value is the answer', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 100; i++) {
      const p = generateProblem(rng, settings());
      expect(Function(`return ${p.expression}`)()).to.equal(p.answer);
    }
  });

  it('generates the same problems from the same seed', () => {
    const a = loadArithmetic(settings(), 4);
    const b = loadArithmetic(settings(), 4);
    expect(Array.from(a.test.x)).to.deep.equal(Array.from(b.test.x));
    expect(a.hash).to.equal(b.hash);
  });

  it('labels every row with its answer as a class index', () => {
    const ds = loadArithmetic(settings({ maxAnswer: 40, maxStart: 10 }), 2);
    expect(ds.classNames).to.have.length(41);
    for (const y of ds.train.y) expect(y).to.be.within(0, 40);
  });

  it('rejects minSteps above maxSteps', () => {
    expect(arithmeticSettings.safeParse({ minSteps: 4, maxSteps: 2 }).success).to.equal(false);
  });
});
