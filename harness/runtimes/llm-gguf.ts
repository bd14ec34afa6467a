import { loadLlamaCpp, type LlamaCppModel } from './llama-cpp.js';
import { openLlamaScorer, type LlamaScorer } from './llama-cpp-scorer.js';
import type { LlmRuntime } from './llm-runtime.js';
import { topK } from '../measure/llm-kl.js';

/** Tokens of `prefix + text`, split where the prefix's own tokens end. */
function split(sc: LlamaScorer, prefix: string, text: string): { head: number[]; tail: number[] } {
  const p = sc.tokenize(prefix);
  const whole = sc.tokenize(prefix + text);
  let shared = 0;
  while (shared < p.length && whole[shared] === p[shared]) shared++;
  return { head: whole.slice(0, shared), tail: whole.slice(shared) };
}

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
 * {@link LlmRuntime} contract: generation through the llm branch's wrapper, teacher-forced
 * distributions (KL, perplexity) through {@link openLlamaScorer} at the answer's token positions.
 */
export async function ggufRuntime(path: string, label: string, opts: GgufRuntimeOptions): Promise<LlmRuntime> {
  const before = process.memoryUsage().rss;
  const model: LlamaCppModel = await loadLlamaCpp(path, { contextSize: opts.contextSize, threads: opts.threads });
  const residentBytes = Math.max(0, process.memoryUsage().rss - before);
  // A second context on its own copy of the model, opened on first use, for teacher-forced scoring.
  let scoring: Promise<LlamaScorer> | undefined;
  const scorer = () =>
    (scoring ??= openLlamaScorer(path, { contextSize: opts.contextSize, threads: opts.threads, vocabSize: model.vocabSize }));
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
      const sc = await scorer();
      const { head, tail } = split(sc, prompt, answer);
      const dists = await sc.forced(head, tail);
      return dists.map((d) => topK(asMap(d), Math.max(k, IN_PROCESS_TOP)));
    },
    async textLogprobs(prefix, text, maxTokens) {
      const sc = await scorer();
      const log = (d: Float32Array, id: number) => Math.log(Math.max(d[id], 1e-30));
      if (prefix !== '') {
        const { head, tail } = split(sc, prefix, text);
        const scoredIds = tail.slice(0, maxTokens);
        return (await sc.forced(head, scoredIds)).map((d, j) => log(d, scoredIds[j]));
      }
      const ids = sc.tokenize(text).slice(0, maxTokens + 1);
      // Windows that fit the context, each token scored with the window's earlier tokens.
      const window = Math.max(2, opts.contextSize - 2);
      const out: number[] = [];
      for (let s = 0; s + 1 < ids.length; s += window) {
        const w = ids.slice(s, s + window);
        (await sc.forced([w[0]], w.slice(1))).forEach((d, j) => out.push(log(d, w[j + 1])));
      }
      return out;
    },
    async timeDecode(prompt, tokens) {
      return (await scorer()).timeDecode(model.tokenize(prompt), tokens);
    },
    async close() {
      await model.dispose();
      if (scoring) await (await scoring).dispose();
    },
  };
}
