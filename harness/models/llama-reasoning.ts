import type * as tf from '@tensorflow/tfjs';
import { arithChainExamples, type PromptExample } from '../data/arith-chain.js';
import { listopsExamples } from '../data/listops-prompts.js';
import { Rng } from '../data/random.js';
import { buildLlamaModel } from './llama.js';
import { greedyGenerate } from './llama-generate.js';
import { reasoningLlamaSettings, type ReasoningLlamaSettings, type ReasoningTask } from './llama-reasoning-settings.js';
import type { LlamaConfig } from './llama-settings.js';
import { trainLlamaLm } from './llama-train.js';
import { REASONING_CHARS, charVocab, type CharVocab } from './llama-vocab.js';

/** The fixed task settings of slimbench's reasoning model: 3-digit ± chains; ListOps of depth 1-2, 2-4 arguments. */
const TASK_SETTINGS = {
  arith: { operands: 3, ops: '+-', heldOut: 0.2 },
  listops: { minDepth: 1, maxDepth: 2, maxArgs: 4, maxLength: 24 },
};

/**
 * `n` prompts of a reasoning task from its `train` or `test` part (disjoint sets of
 * expressions). Prompts read `Q: <expression>= A:`; answers are ` <integer>`.
 */
export function reasoningExamples(task: ReasoningTask, part: 'train' | 'test', n: number, seed: number): PromptExample[] {
  return task === 'arith-chain'
    ? arithChainExamples(TASK_SETTINGS.arith, part, n, seed)
    : listopsExamples(TASK_SETTINGS.listops, part, n, seed);
}

/** A trained reasoning llama with everything needed to export and evaluate it. */
export interface ReasoningLlama {
  model: tf.LayersModel;
  config: LlamaConfig;
  vocab: CharVocab;
  trainMs: number;
  loss: number;
}

/** Builds slimbench's reasoning llama and trains it on the mixed tasks' training prompts. */
export async function trainReasoningLlama(
  settings: Partial<ReasoningLlamaSettings>,
  seed: number,
  onStep?: (step: number, loss: number) => void,
): Promise<ReasoningLlama> {
  const s = reasoningLlamaSettings.parse(settings);
  const vocab = charVocab(REASONING_CHARS);
  const config: LlamaConfig = { ...s.model, vocabSize: vocab.tokens.length };
  const examples = s.tasks.flatMap((t) => reasoningExamples(t, 'train', s.trainSize, Rng.derive(seed, t)));
  const model = buildLlamaModel(config, seed);
  const { trainMs, loss } = await trainLlamaLm(model, vocab, examples, s.train, seed, onStep);
  return { model, config, vocab, trainMs, loss };
}

/** Greedy answers (up to `maxTokens` tokens) of `examples` and the share equal to the gold answer. */
export function greedyAccuracy(
  model: tf.LayersModel,
  vocab: CharVocab,
  examples: readonly PromptExample[],
  maxTokens = 4,
): { answers: string[]; accuracy: number } {
  const answers = greedyGenerate(
    model,
    vocab,
    examples.map((e) => e.prompt),
    maxTokens,
  ).map((g) => g.text);
  return { answers, accuracy: answers.filter((a, i) => a === examples[i].answer).length / examples.length };
}
