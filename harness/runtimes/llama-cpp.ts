import { statSync } from 'node:fs';
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { readGgufHeader } from './gguf-read.js';

/** Options of {@link loadLlamaCpp}. */
export interface LlamaCppOptions {
  /** Context window in tokens (default: the model's `llama.context_length`, at least 256). */
  contextSize?: number;
  /** CPU threads of the evaluation (default 1, like the other runtimes). */
  threads?: number;
}

/** Options of one greedy generation. */
export interface GenerateOptions {
  /** Most tokens to generate. */
  maxTokens: number;
  /** Generation ends at the first of these strings; the text is cut before it. */
  stop?: readonly string[];
  /** Sampler seed (greedy decoding does not depend on it; kept for reproducibility of records). */
  seed?: number;
  /** Generated-token indices (0 = the first answer token) whose next-token distribution to return. */
  probsAt?: readonly number[];
  /** Prepend the BOS token (default true, as the model was trained). */
  bos?: boolean;
}

/** One generation's text, token counts and timings, as plain numbers. */
export interface Generation {
  text: string;
  tokens: number[];
  promptTokens: number;
  genTokens: number;
  finish: 'stop' | 'eos' | 'maxTokens';
  /** Start of evaluation to the first generated token, ms (prompt processing included). */
  ttftMs: number;
  /** Prompt tokens over the time to first token. */
  promptTokensPerSec: number;
  /** Generated tokens after the first over the time they took (NaN with fewer than 2 tokens). */
  genTokensPerSec: number;
  /** For each index of `probsAt` reached: the full next-token distribution (vocabulary-long). */
  probs: { step: number; probs: Float32Array }[];
}

/** A GGUF model loaded in node-llama-cpp (CPU), with one context sequence. */
export interface LlamaCppModel {
  /** Vocabulary size of the model. */
  vocabSize: number;
  /** Bytes of the GGUF file. */
  fileBytes: number;
  /** Token ids of `text` as llama.cpp tokenizes it (no BOS). */
  tokenize(text: string): number[];
  /** Greedy generation after `prompt` (history cleared first, so prompts do not share a cache). */
  generate(prompt: string, opts: GenerateOptions): Promise<Generation>;
  /** The next-token distribution after `prompt` (BOS prepended unless `bos: false`). */
  nextTokenProbs(prompt: string, bos?: boolean): Promise<Float32Array>;
  dispose(): Promise<void>;
}

let shared: { llama: Promise<Llama>; users: number } | undefined;

async function acquireLlama(): Promise<Llama> {
  if (!shared) {
    const { getLlama } = await import('node-llama-cpp');
    // build 'never': use the prebuilt CPU binary; never download or compile at run time.
    shared = { llama: getLlama({ gpu: false, build: 'never', logLevel: 'error' } as Parameters<typeof getLlama>[0] & object), users: 0 };
  }
  shared.users++;
  try {
    return await shared.llama;
  } catch (err) {
    shared = undefined;
    throw err;
  }
}

async function releaseLlama(): Promise<void> {
  if (!shared || --shared.users > 0) return;
  const { llama } = shared;
  shared = undefined;
  await (await llama).dispose();
}

function toDistribution(probabilities: Map<Token, number>, vocabSize: number): Float32Array {
  const out = new Float32Array(vocabSize);
  for (const [token, p] of probabilities) out[token] = p;
  return out;
}

/**
 * Loads the GGUF file at `path` in node-llama-cpp's prebuilt CPU build. The header is checked
 * first, so a missing, non-GGUF or truncated file is an InputError naming it.
 */
export async function loadLlamaCpp(path: string, opts: LlamaCppOptions = {}): Promise<LlamaCppModel> {
  const header = readGgufHeader(path);
  const arch = header.metadata.get('general.architecture');
  const trained = arch?.type === 'string' ? header.metadata.get(`${arch.value}.context_length`) : undefined;
  const contextSize = opts.contextSize ?? Math.max(256, trained?.type === 'uint32' ? trained.value : 256);
  const llama = await acquireLlama();
  let model: LlamaModel | undefined;
  let context: LlamaContext | undefined;
  try {
    model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
    context = await model.createContext({ contextSize, threads: opts.threads ?? 1 });
  } catch (err) {
    await model?.dispose();
    await releaseLlama();
    throw err;
  }
  const m = model;
  const ctx = context;
  const seq: LlamaContextSequence = ctx.getSequence();
  const vocabSize = tokenCount(header);
  const withBos = (ids: Token[], bos: boolean): Token[] => (bos && m.tokens.bos !== null ? [m.tokens.bos, ...ids] : ids);
  let disposed = false;
  return {
    vocabSize,
    fileBytes: statSync(path).size,
    tokenize: (text) => m.tokenize(text) as number[],
    async generate(prompt, g) {
      await seq.clearHistory();
      const input = withBos(m.tokenize(prompt), g.bos ?? true);
      const wanted = new Set(g.probsAt ?? []);
      const out: Token[] = [];
      const probs: Generation['probs'] = [];
      let finish: Generation['finish'] = 'maxTokens';
      let text = '';
      const start = performance.now();
      let first = NaN;
      let last = NaN;
      if (g.maxTokens > 0) {
        const iter = seq.evaluateWithMetadata(input, { probabilities: true }, { temperature: 0, seed: g.seed ?? 0 });
        for await (const r of iter) {
          last = performance.now();
          if (out.length === 0) first = last;
          if (wanted.has(out.length)) probs.push({ step: out.length, probs: toDistribution(r.probabilities, vocabSize) });
          if (m.isEogToken(r.token)) {
            finish = 'eos';
            break;
          }
          out.push(r.token);
          text = m.detokenize(out);
          const hit = (g.stop ?? []).map((s) => text.indexOf(s)).filter((i) => i >= 0);
          if (hit.length > 0) {
            text = text.slice(0, Math.min(...hit));
            finish = 'stop';
            break;
          }
          if (out.length >= g.maxTokens) break;
        }
      }
      const ttftMs = first - start;
      return {
        text,
        tokens: out as number[],
        promptTokens: input.length,
        genTokens: out.length,
        finish,
        ttftMs,
        promptTokensPerSec: input.length / (ttftMs / 1000),
        genTokensPerSec: out.length >= 2 ? (out.length - 1) / ((last - first) / 1000) : NaN,
        probs,
      };
    },
    async nextTokenProbs(prompt, bos = true) {
      await seq.clearHistory();
      const input = withBos(m.tokenize(prompt), bos);
      for await (const r of seq.evaluateWithMetadata(input, { probabilities: true }, { temperature: 0 }))
        return toDistribution(r.probabilities, vocabSize);
      throw new Error('llama.cpp produced no next token');
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await ctx.dispose();
      await m.dispose();
      await releaseLlama();
    },
  };
}

function tokenCount(header: ReturnType<typeof readGgufHeader>): number {
  const t = header.metadata.get('tokenizer.ggml.tokens');
  return t?.type === 'array' ? t.value.length : 0;
}
