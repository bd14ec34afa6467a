import { loadLlamaCpp, type LlamaCppModel } from './llama-cpp.js';
import type { LlmRuntime } from './llm-runtime.js';
import { topK } from '../measure/llm-kl.js';

/** Options of an in-process GGUF model. */
export interface GgufRuntimeOptions {
  contextSize: number;
  threads: number;
}

/** Entries kept of an in-process distribution: nearly all its mass, without holding whole vocabularies per position. */
const IN_PROCESS_TOP = 256;

/** The full next-token distribution as a map from token id to probability. */
function asMap(probs: Float32Array): Map<number, number> {
  const m = new Map<number, number>();
  probs.forEach((p, i) => {
    if (p > 0) m.set(i, p);
  });
  return m;
}

/**
 * A GGUF file run in-process by llama.cpp (node-llama-cpp's prebuilt CPU build), behind the
 * {@link LlmRuntime} contract. Teacher-forced distributions are read at each character boundary
 * of the answer; with slimbench's character vocabulary these are exactly its token positions.
 */
export async function ggufRuntime(path: string, label: string, opts: GgufRuntimeOptions): Promise<LlmRuntime> {
  const before = process.memoryUsage().rss;
  const model: LlamaCppModel = await loadLlamaCpp(path, { contextSize: opts.contextSize, threads: opts.threads });
  const residentBytes = Math.max(0, process.memoryUsage().rss - before);
  return {
    label,
    tokenKeys: 'id',
    fileBytes: model.fileBytes,
    residentBytes,
    contextSize: opts.contextSize,
    countTokens: (text) => model.tokenize(text).length + 1,
    async generate(prompt, g) {
      const r = await model.generate(prompt, { maxTokens: g.maxTokens, stop: g.stop, seed: g.seed });
      const decodeMs = r.genTokens >= 2 ? ((r.genTokens - 1) * 1000) / r.genTokensPerSec : 0;
      return { text: r.text, promptTokens: r.promptTokens, genTokens: r.genTokens, ttftMs: r.ttftMs, totalMs: r.ttftMs + decodeMs };
    },
    async answerDistributions(prompt, answer, k) {
      const out = [];
      const chars = [...answer];
      for (let j = 0; j < chars.length; j++) out.push(topK(asMap(await model.nextTokenProbs(prompt + chars.slice(0, j).join(''))), Math.max(k, IN_PROCESS_TOP)));
      return out;
    },
    async textLogprobs(text, maxTokens) {
      const ids = model.tokenize(text);
      const chars = [...text];
      // One character per token in slimbench's vocabulary; a tokenizer with longer pieces is scored only where they line up.
      if (ids.length !== chars.length) return null;
      const window = Math.max(2, opts.contextSize - 2);
      const out: number[] = [];
      for (let i = 1; i < chars.length && out.length < maxTokens; i++) {
        const from = Math.max(0, i - window);
        const p = await model.nextTokenProbs(chars.slice(from, i).join(''));
        out.push(Math.log(Math.max(p[ids[i]], 1e-30)));
      }
      return out;
    },
    close: () => model.dispose(),
  };
}
