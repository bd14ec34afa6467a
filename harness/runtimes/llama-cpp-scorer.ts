import type { LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import type { GenerationTiming } from '../measure/llm-speed.js';

/** Teacher-forced next-token distributions of a GGUF model in llama.cpp. */
export interface LlamaScorer {
  tokenize(text: string): number[];
  /**
   * The full next-token distribution before each token of `continuation`, after `prompt`
   * (BOS first): position j has seen the prompt and `continuation[0..j)`.
   */
  forced(prompt: readonly number[], continuation: readonly number[]): Promise<Float32Array[]>;
  /**
   * Greedy generation of exactly `tokens` tokens after `prompt` (BOS first), an end-of-sequence
   * token fed back like any other, so every timed round decodes the same number of tokens.
   */
  timeDecode(prompt: readonly number[], tokens: number): Promise<GenerationTiming>;
  dispose(): Promise<void>;
}

/**
 * Opens a GGUF file for scoring, with its own llama.cpp context. The llm branch's wrapper
 * (`llama-cpp.ts`) reads a distribution by generating, which ends without one when the most
 * probable next token is end-of-sequence, and cannot feed chosen tokens; this adapter evaluates
 * with `yieldEogToken` and hands the next token to the evaluator itself (teacher forcing), so a
 * continuation is scored in one pass and end-of-sequence keeps its probability. Temperature 0:
 * the distributions are the model's full softmax.
 */
export async function openLlamaScorer(
  path: string,
  opts: { contextSize: number; threads: number; vocabSize: number },
): Promise<LlamaScorer> {
  const { getLlama } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: 'error' } as Parameters<typeof getLlama>[0] & object);
  let model: LlamaModel | undefined;
  let ctx: LlamaContext | undefined;
  try {
    model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
    ctx = await model.createContext({ contextSize: opts.contextSize, threads: opts.threads });
  } catch (err) {
    await model?.dispose();
    throw err;
  }
  const m = model;
  const c = ctx;
  const seq: LlamaContextSequence = c.getSequence();
  const vocab = m.tokens;
  const dist = (p: Map<Token, number> | undefined, size: number): Float32Array => {
    const out = new Float32Array(size);
    for (const [t, v] of p ?? []) out[t] = v;
    return out;
  };
  return {
    tokenize: (text) => m.tokenize(text) as number[],
    async forced(prompt, continuation) {
      await seq.clearHistory();
      const input = (vocab.bos !== null ? [vocab.bos, ...prompt] : [...prompt]) as Token[];
      const it = seq.evaluateWithMetadata(input, { probabilities: true }, { temperature: 0, yieldEogToken: true });
      const out: Float32Array[] = [];
      try {
        let r = await it.next();
        for (let j = 0; j < continuation.length && !r.done; j++) {
          out.push(dist(r.value.probabilities, opts.vocabSize));
          if (j + 1 < continuation.length) r = await it.next(continuation[j] as Token);
        }
      } finally {
        await it.return(undefined);
      }
      return out;
    },
    async timeDecode(prompt, tokens) {
      await seq.clearHistory();
      const input = (vocab.bos !== null ? [vocab.bos, ...prompt] : [...prompt]) as Token[];
      const start = performance.now();
      let first = NaN;
      let n = 0;
      const it = seq.evaluateWithMetadata(input, {}, { temperature: 0, yieldEogToken: true });
      try {
        for (let r = await it.next(); !r.done; r = await it.next()) {
          if (++n === 1) first = performance.now();
          if (n >= tokens) break;
        }
      } finally {
        await it.return(undefined);
      }
      return { promptTokens: input.length, genTokens: n, ttftMs: first - start, totalMs: performance.now() - start };
    },
    async dispose() {
      await c.dispose();
      await m.dispose();
    },
  };
}
