import { z } from 'zod';
import { InputError, unknownNameMessage } from '../errors.js';
import { arithChainSettings, arithPrompt, evaluateChain, isHeldOut } from './arith-chain.js';
import { arithmeticSettings, generateProblem } from './arithmetic.js';
import { babiSettings, generateStory, PLACES } from './babi.js';
import { generateExpression, listopsSettings, evaluateListOps } from './listops.js';
import { listopsPrompt } from './listops-prompts.js';
import { Rng } from './random.js';

/** One prompted question: the fields a template may use, the gold answer and, if closed, its choices. */
export interface PromptItem {
  /** Position in its split, `test-0`, `shot-1`, ... */
  id: string;
  /** Template fields: `question` always; `context`, `solution` and others per source. */
  fields: Record<string, string>;
  /** Gold answer as text. */
  answer: string;
  /** The closed set of answers, when the task has one. */
  choices?: string[];
}

/** A generator of prompt items: its settings schema and a seeded item maker. */
export interface PromptSource<S = any> {
  description: string;
  settings: z.ZodType<S>;
  /** Template fields its items carry, for validation of templates. */
  fields: readonly string[];
  item(rng: Rng, settings: S): Omit<PromptItem, 'id'>;
}

const arithmetic: PromptSource<z.infer<typeof arithmeticSettings>> = {
  description: 'multi-step word problems with integer answers (GSM8K-style)',
  settings: arithmeticSettings,
  fields: ['question', 'context', 'solution', 'expression'],
  item: (rng, s) => {
    const p = generateProblem(rng, s);
    return { fields: { context: p.text, question: p.question, solution: p.solution, expression: p.expression }, answer: String(p.answer) };
  },
};

const babi: PromptSource<z.infer<typeof babiSettings>> = {
  description: 'bAbI-style stories with a where-question (tasks 1-3)',
  settings: babiSettings,
  fields: ['question', 'context'],
  item: (rng, s) => {
    const ex = generateStory(rng, s);
    return { fields: { context: ex.story.join(' '), question: ex.question }, answer: ex.answer, choices: PLACES.slice(0, s.places) };
  },
};

const listops: PromptSource<z.infer<typeof listopsSettings>> = {
  description: 'nested MAX / MIN / MED / SM expressions over digits, answer 0-9',
  settings: listopsSettings,
  fields: ['question', 'expression'],
  item: (rng, s) => {
    const tokens = generateExpression(rng, s);
    const expression = tokens.join(' ');
    return { fields: { expression, question: expression }, answer: String(evaluateListOps(tokens)), choices: '0123456789'.split('') };
  },
};

const arithChain: PromptSource<z.infer<typeof arithChainSettings>> = {
  description:
    "chained one-digit arithmetic applied left to right ('7-3+5'), the format slimbench's llama model is trained on; only held-out expressions",
  settings: arithChainSettings,
  fields: ['question', 'expression', 'prompt'],
  item: (rng, s) => {
    for (;;) {
      let expr = String(rng.int(10));
      for (let i = 1; i < s.operands; i++) expr += s.ops[rng.int(s.ops.length)] + String(rng.int(10));
      // The model never trained on the held-out expressions; shots come from them too.
      if (isHeldOut(expr, s.heldOut))
        return { fields: { expression: expr, question: expr, prompt: arithPrompt(expr) }, answer: String(evaluateChain(expr)) };
    }
  },
};

/** ListOps settings plus the held-out share that splits expressions between training and testing. */
const listopsHeldOutSettings = listopsSettings.and(
  z.object({
    heldOut: z
      .number()
      .min(0.05)
      .max(0.9)
      .default(0.2)
      .describe("share of the distinct expressions kept for testing only (as the llama model's training split)"),
  }),
);

const listopsHeldOut: PromptSource<z.infer<typeof listopsHeldOutSettings>> = {
  description: "ListOps in the prompt format slimbench's llama model is trained on ('Q: [MAX 2 9 ]= A:'); only held-out expressions",
  settings: listopsHeldOutSettings,
  fields: ['question', 'expression', 'prompt'],
  item: (rng, s) => {
    for (let tries = 0; ; tries++) {
      if (tries > 100_000)
        throw new InputError(`listops-heldout: too few held-out expressions; raise maxArgs or maxDepth`, 'listops-heldout');
      const tokens = generateExpression(rng, s);
      const expr = tokens.join(' ');
      if (isHeldOut(expr, s.heldOut))
        return {
          fields: { expression: expr, question: expr, prompt: listopsPrompt(expr) },
          answer: String(evaluateListOps(tokens)),
          choices: '0123456789'.split(''),
        };
    }
  },
};

/** Every prompt source, by the name tasks use in `source`. */
export const promptSources = { arithmetic, babi, listops, 'arith-chain': arithChain, 'listops-heldout': listopsHeldOut } satisfies Record<
  string,
  PromptSource
>;

/** The prompt source of that name, or an InputError listing the valid names. */
export function getPromptSource(name: string, where = ''): PromptSource {
  if (!Object.hasOwn(promptSources, name))
    throw new InputError(`${where}${unknownNameMessage('task source', name, Object.keys(promptSources))}`, 'unknown-task-source');
  return promptSources[name as keyof typeof promptSources] as PromptSource;
}

/**
 * `count` seeded items of a source. `part` names the stream (`test`, `shots`) so the few-shot
 * examples and the test questions never share a draw; shots that equal a test question are not
 * filtered, since the streams are independent and the generators have large spaces.
 */
export function promptItems(source: PromptSource, settings: unknown, seed: number, part: string, count: number): PromptItem[] {
  const s = source.settings.parse(settings);
  const rng = new Rng(Rng.derive(seed, `prompts-${part}`));
  return Array.from({ length: count }, (_, i) => ({ id: `${part}-${i}`, ...source.item(rng, s) }));
}
