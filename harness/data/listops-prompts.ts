import { isHeldOut, type PromptExample } from './arith-chain.js';
import { evaluateListOps, generateExpression, listopsSettings, type ListopsSettings } from './listops.js';
import { Rng } from './random.js';

/** The prompt of a ListOps expression in the format slimbench's llama model is trained on. */
export const listopsPrompt = (expr: string): string => `Q: ${expr}= A:`;

/**
 * `n` seeded ListOps prompts (`Q: [MAX 2 9 [MIN 4 7 ] 0 ]= A:` → ` 9`) from the `train` or
 * `test` part; an expression belongs to one part only (a fixed hash, share `heldOut`). tfjs-free.
 */
export function listopsExamples(
  settings: Partial<ListopsSettings>,
  part: 'train' | 'test',
  n: number,
  seed: number,
  heldOut = 0.2,
): PromptExample[] {
  const s = listopsSettings.parse(settings);
  const rng = new Rng(Rng.derive(seed, `listops-prompts-${part}`));
  const out: PromptExample[] = [];
  for (let tries = 0; out.length < n; tries++) {
    if (tries > n * 1000) throw new Error(`listops: too few distinct ${part} expressions for ${n} examples; raise maxArgs or maxDepth`);
    const tokens = generateExpression(rng, s);
    const expr = tokens.join(' ');
    if (isHeldOut(expr, heldOut) !== (part === 'test')) continue;
    out.push({ prompt: listopsPrompt(expr), answer: ` ${evaluateListOps(tokens)}` });
  }
  return out;
}
