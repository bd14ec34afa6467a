import { createHash } from 'node:crypto';
import { z } from 'zod';
import { tokenize } from './babi.js';
import { Rng } from './random.js';
import type { Dataset, Split } from './types.js';

const NAMES = ['Tom', 'Ann', 'Ben', 'Eva', 'Sam', 'Lia', 'Max', 'Zoe'];
const ITEMS = ['apples', 'books', 'coins', 'cards', 'eggs', 'pens', 'shells', 'stamps'];

/** Settings of the `arithmetic` generator (multi-step word problems with integer answers). */
export const arithmeticSettings = z
  .object({
    minSteps: z.number().int().min(1).max(8).default(2).describe('fewest operations after the starting amount'),
    maxSteps: z.number().int().min(1).max(8).default(3).describe('most operations after the starting amount'),
    maxStart: z.number().int().min(1).max(1000).default(20).describe('largest starting amount'),
    maxOperand: z.number().int().min(1).max(100).default(9).describe('largest amount added, taken away or multiplied by'),
    maxAnswer: z.number().int().min(1).max(10_000).default(99).describe('largest intermediate amount and answer (also the last class)'),
    multiply: z.boolean().default(true).describe('allow "each ... becomes N times as many" steps'),
    trainSize: z.number().int().min(1).max(1_000_000).default(1000).describe('training problems'),
    testSize: z.number().int().min(1).max(1_000_000).default(200).describe('test problems'),
  })
  .strict()
  .refine((s) => s.minSteps <= s.maxSteps, { message: 'minSteps must not exceed maxSteps', path: ['minSteps'] })
  .refine((s) => s.maxStart <= s.maxAnswer, { message: 'maxStart must not exceed maxAnswer', path: ['maxStart'] });
export type ArithmeticSettings = z.infer<typeof arithmeticSettings>;

/** One operation of a problem, applied to the running amount. */
export interface ArithmeticStep {
  op: '+' | '-' | '*';
  operand: number;
}

/** One word problem: its sentences, the question, the steps, a worked solution and the answer. */
export interface ArithmeticProblem {
  /** The problem text without the question, e.g. `Tom has 3 apples. He buys 4 more.` */
  text: string;
  question: string;
  start: number;
  steps: ArithmeticStep[];
  /** The computation line by line, e.g. `3 + 4 = 7. 7 - 2 = 5.` */
  solution: string;
  /** The same computation as one expression with the usual precedence, e.g. `(3+4-2)*3`. */
  expression: string;
  answer: number;
}

/** The value of a start amount after its steps, in order. */
export function solveSteps(start: number, steps: readonly ArithmeticStep[]): number {
  return steps.reduce((v, s) => (s.op === '+' ? v + s.operand : s.op === '-' ? v - s.operand : v * s.operand), start);
}

/** The steps as one expression under the usual precedence: parentheses only before a product. */
export function stepsExpression(start: number, steps: readonly ArithmeticStep[]): string {
  let e = String(start);
  for (const s of steps) e = s.op === '*' && /[+-]/.test(e) ? `(${e})*${s.operand}` : `${e}${s.op}${s.operand}`;
  return e;
}

/** Sentence of one step about `person`'s `item`. */
function stepSentence(s: ArithmeticStep, person: string, item: string, giver: string): string {
  if (s.op === '+') return `${giver} gives ${person} ${s.operand} more ${item}.`;
  if (s.op === '-') return `${person} gives ${s.operand} ${item} to ${giver}.`;
  return `Then the number of ${item} ${person} has becomes ${s.operand} times as large.`;
}

/**
 * One seeded problem whose every intermediate amount stays within 0..maxAnswer. Each step is
 * drawn among the operations that keep it there, so no problem is rejected.
 */
export function generateProblem(rng: Rng, s: ArithmeticSettings): ArithmeticProblem {
  const person = NAMES[rng.int(NAMES.length)];
  const giver = NAMES.filter((n) => n !== person)[rng.int(NAMES.length - 1)];
  const item = ITEMS[rng.int(ITEMS.length)];
  const start = 1 + rng.int(s.maxStart);
  const count = s.minSteps + rng.int(s.maxSteps - s.minSteps + 1);
  const steps: ArithmeticStep[] = [];
  let value = start;
  for (let i = 0; i < count; i++) {
    const options: ArithmeticStep['op'][] = [];
    if (value + 1 <= s.maxAnswer) options.push('+');
    if (value >= 1) options.push('-');
    if (s.multiply && value >= 1 && value * 2 <= s.maxAnswer && s.maxOperand >= 2) options.push('*');
    const op = options[rng.int(options.length)];
    const most =
      op === '+'
        ? Math.min(s.maxOperand, s.maxAnswer - value)
        : op === '-'
          ? Math.min(s.maxOperand, value)
          : Math.min(s.maxOperand, Math.floor(s.maxAnswer / value));
    const least = op === '*' ? 2 : 1;
    const operand = least + rng.int(most - least + 1);
    steps.push({ op, operand });
    value = solveSteps(value, [{ op, operand }]);
  }
  const sentences = [`${person} has ${start} ${item}.`, ...steps.map((st) => stepSentence(st, person, item, giver))];
  let running = start;
  const lines = steps.map((st) => {
    const next = solveSteps(running, [st]);
    const line = `${running} ${st.op} ${st.operand} = ${next}.`;
    running = next;
    return line;
  });
  return {
    text: sentences.join(' '),
    question: `How many ${item} does ${person} have now?`,
    start,
    steps,
    solution: lines.join(' '),
    expression: stepsExpression(start, steps),
    answer: value,
  };
}

/** Token vocabulary of the generator's text (id 0 is padding), fixed by the word lists alone. */
export function arithmeticVocabulary(s: ArithmeticSettings): string[] {
  const numbers = Array.from({ length: s.maxAnswer + 1 }, (_, i) => String(i));
  const words = 'has gives more to then the number of becomes times as large . how many does have now ?'.split(' ');
  return [...new Set(['<pad>', ...words, ...NAMES.flatMap(tokenize), ...ITEMS, ...numbers])];
}

/** Generates an arithmetic dataset: problem and question as word tokens, the answer as the class. */
export function loadArithmetic(settings: ArithmeticSettings, seed: number): Dataset {
  const s = arithmeticSettings.parse(settings);
  const featureNames = arithmeticVocabulary(s);
  const ids = new Map(featureNames.map((w, i) => [w, i]));
  const seqLen = 6 + s.maxSteps * 12 + 8;
  const part = (label: string, n: number): Split => {
    const rng = new Rng(Rng.derive(seed, `arithmetic-${label}`));
    const x = new Float32Array(n * seqLen);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const p = generateProblem(rng, s);
      const tokens = tokenize(`${p.text} ${p.question}`).map((w) => ids.get(w)!);
      x.set(tokens.slice(0, seqLen), i * seqLen);
      y[i] = p.answer;
    }
    return { x, y, n };
  };
  return {
    name: `arithmetic:steps${s.minSteps}-${s.maxSteps}`,
    hash: createHash('sha256')
      .update(JSON.stringify({ generator: 'arithmetic', settings: s, seed }))
      .digest('hex'),
    inputShape: [seqLen],
    inputKind: 'tokens',
    vocabSize: featureNames.length,
    featureNames,
    classNames: Array.from({ length: s.maxAnswer + 1 }, (_, i) => String(i)),
    train: part('train', s.trainSize),
    test: part('test', s.testSize),
  };
}
