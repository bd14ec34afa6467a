import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { Rng } from './random.js';
import type { Dataset, Split } from './types.js';

const OPS = ['[MAX', '[MIN', '[MED', '[SM'] as const;
/** Chance that an argument below the maximum depth is itself an expression. */
const NEST = 0.25;

/** ListOps vocabulary in id order: padding, the digits, the operators and the closing bracket. */
export const LISTOPS_VOCAB: readonly string[] = ['<pad>', ...'0123456789'.split(''), ...OPS, ']'];

/** Settings of the `listops` generator (nested MAX / MIN / MED / SM expressions over digits). */
export const listopsSettings = z
  .object({
    minDepth: z.number().int().min(1).max(30).default(1).describe('least nesting depth of an expression ([MAX 1 2 ] has depth 1)'),
    maxDepth: z.number().int().min(1).max(30).default(3).describe('greatest nesting depth'),
    maxArgs: z.number().int().min(2).max(20).default(5).describe('most arguments of one operator (least is 2)'),
    maxLength: z.number().int().min(4).max(8192).default(64).describe('most tokens in an expression; also the row length'),
    trainSize: z.number().int().min(1).max(1_000_000).default(2000).describe('training examples'),
    testSize: z.number().int().min(1).max(1_000_000).default(500).describe('test examples'),
  })
  .strict()
  .refine((s) => s.minDepth <= s.maxDepth, { message: 'minDepth must not exceed maxDepth', path: ['minDepth'] })
  .refine((s) => s.maxLength >= 3 * s.minDepth + 1, {
    message: 'maxLength is too short for minDepth: an expression of depth d needs at least 3d+1 tokens',
    path: ['maxLength'],
  });
export type ListopsSettings = z.infer<typeof listopsSettings>;

/** Value of an operator applied to digits; MED of an even count is the floor of the mean of the middle two. */
export function applyOp(op: string, args: number[]): number {
  switch (op) {
    case '[MAX':
      return Math.max(...args);
    case '[MIN':
      return Math.min(...args);
    case '[SM':
      return args.reduce((a, b) => a + b, 0) % 10;
    case '[MED': {
      const s = [...args].sort((a, b) => a - b);
      const m = s.length >> 1;
      return s.length % 2 ? s[m] : Math.floor((s[m - 1] + s[m]) / 2);
    }
    default:
      throw new Error(`unknown ListOps operator '${op}'`);
  }
}

/** Value (0..9) of an expression given as text (`[MAX 2 9 [MIN 4 7 ] 0 ]`) or tokens; padding is ignored. */
export function evaluateListOps(expr: string | readonly string[]): number {
  const tokens = (typeof expr === 'string' ? expr.split(/\s+/) : expr).filter((t) => t !== '' && t !== '<pad>');
  const stack: { op: string; args: number[] }[] = [];
  let result: number | undefined;
  for (const t of tokens) {
    if (result !== undefined) throw new Error(`ListOps: tokens after the end of the expression ('${t}')`);
    if (/^\d$/.test(t)) {
      if (stack.length === 0) result = Number(t);
      else stack[stack.length - 1].args.push(Number(t));
    } else if (t === ']') {
      const top = stack.pop();
      if (!top || top.args.length === 0) throw new Error("ListOps: ']' without an open operator with arguments");
      const v = applyOp(top.op, top.args);
      if (stack.length === 0) result = v;
      else stack[stack.length - 1].args.push(v);
    } else if ((OPS as readonly string[]).includes(t)) {
      stack.push({ op: t, args: [] });
    } else {
      throw new Error(`ListOps: unknown token '${t}'`);
    }
  }
  if (result === undefined) throw new Error('ListOps: incomplete expression');
  return result;
}

/** Greatest bracket nesting of an expression's tokens (a bare digit has depth 0). */
export function listopsDepth(tokens: readonly string[]): number {
  let depth = 0;
  let max = 0;
  for (const t of tokens) {
    if (t.startsWith('[')) max = Math.max(max, ++depth);
    else if (t === ']') depth--;
  }
  return max;
}

/** Appends one expression's tokens to `out`; returns false as soon as `out` exceeds `limit`. */
function generate(rng: Rng, depth: number, s: ListopsSettings, out: string[], limit: number): boolean {
  out.push(OPS[rng.int(OPS.length)]);
  const n = 2 + rng.int(s.maxArgs - 1);
  // One argument on the path down is always nested until the minimum depth is reached.
  const forced = depth < s.minDepth ? rng.int(n) : -1;
  for (let i = 0; i < n; i++) {
    if (i === forced || (depth < s.maxDepth && rng.next() < NEST)) {
      if (!generate(rng, depth + 1, s, out, limit)) return false;
    } else out.push(String(rng.int(10)));
    if (out.length >= limit) return false;
  }
  out.push(']');
  return out.length <= limit;
}

/** One random expression's tokens within the settings' depth and length limits. */
export function generateExpression(rng: Rng, s: ListopsSettings): string[] {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const tokens: string[] = [];
    if (generate(rng, 1, s, tokens, s.maxLength)) return tokens;
  }
  throw new InputError(
    `listops: expressions of depth ${s.minDepth}..${s.maxDepth} rarely fit in maxLength ${s.maxLength}; raise maxLength or lower maxArgs`,
    'listops-length',
  );
}

/** Generates a ListOps dataset: seeded, with separate streams for the train and test parts. */
export function loadListops(settings: ListopsSettings, seed: number): Dataset {
  const s = listopsSettings.parse(settings);
  const ids = new Map(LISTOPS_VOCAB.map((t, i) => [t, i]));
  const part = (label: string, n: number): Split => {
    const rng = new Rng(Rng.derive(seed, `listops-${label}`));
    const x = new Float32Array(n * s.maxLength);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const tokens = generateExpression(rng, s);
      x.set(
        tokens.map((t) => ids.get(t)!),
        i * s.maxLength,
      );
      y[i] = evaluateListOps(tokens);
    }
    return { x, y, n };
  };
  return {
    name: `listops:depth${s.minDepth}-${s.maxDepth}`,
    hash: createHash('sha256')
      .update(JSON.stringify({ generator: 'listops', settings: s, seed }))
      .digest('hex'),
    inputShape: [s.maxLength],
    inputKind: 'tokens',
    vocabSize: LISTOPS_VOCAB.length,
    featureNames: [...LISTOPS_VOCAB],
    classNames: '0123456789'.split(''),
    train: part('train', s.trainSize),
    test: part('test', s.testSize),
  };
}
