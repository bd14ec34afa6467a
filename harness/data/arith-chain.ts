import { z } from 'zod';
import { Rng } from './random.js';

/**
 * Chained integer arithmetic in the prompt format slimbench's llama model is trained on:
 * `Q: 7-3+5= A:` answered by ` 9` (then end of sequence). Every operand is a digit and the
 * operators are applied left to right, so an answer needs every step. tfjs-free.
 */
export const arithChainSettings = z
  .object({
    operands: z.number().int().min(2).max(6).default(3).describe('digits in each expression'),
    ops: z
      .string()
      .regex(/^[+\-*]+$/)
      .default('+-')
      .describe('operators to draw from, applied left to right'),
    heldOut: z.number().min(0.05).max(0.9).default(0.2).describe('share of the distinct expressions kept for testing only'),
  })
  .strict();
export type ArithChainSettings = z.infer<typeof arithChainSettings>;

/** One prompt with its gold answer text. */
export interface PromptExample {
  prompt: string;
  answer: string;
}

/** The prompt of an expression. */
export const arithPrompt = (expr: string): string => `Q: ${expr}= A:`;

/** Value of a left-to-right chain like `7-3*5` (= 20). */
export function evaluateChain(expr: string): number {
  const parts = expr.match(/\d|[+\-*]/g) ?? [];
  let acc = Number(parts[0]);
  for (let i = 1; i < parts.length; i += 2) {
    const v = Number(parts[i + 1]);
    acc = parts[i] === '+' ? acc + v : parts[i] === '-' ? acc - v : acc * v;
  }
  return acc;
}

/** Whether an expression belongs to the held-out part (a fixed hash, so train and test never share one). */
export function isHeldOut(expr: string, share: number): boolean {
  return (Rng.derive(0x5eed, expr) % 10_000) / 10_000 < share;
}

/** `n` seeded examples from the `train` or `test` part of the expression space. */
export function arithChainExamples(settings: ArithChainSettings, part: 'train' | 'test', n: number, seed: number): PromptExample[] {
  const s = arithChainSettings.parse(settings);
  const rng = new Rng(Rng.derive(seed, `arith-chain-${part}`));
  const out: PromptExample[] = [];
  while (out.length < n) {
    let expr = String(rng.int(10));
    for (let i = 1; i < s.operands; i++) expr += s.ops[rng.int(s.ops.length)] + String(rng.int(10));
    if (isHeldOut(expr, s.heldOut) !== (part === 'test')) continue;
    out.push({ prompt: arithPrompt(expr), answer: ` ${evaluateChain(expr)}` });
  }
  return out;
}

/** Share of `examples` whose answer is the most common one: the accuracy of always guessing it. */
export function majorityShare(examples: readonly PromptExample[]): number {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.answer, (counts.get(e.answer) ?? 0) + 1);
  return Math.max(...counts.values()) / examples.length;
}
