import { Rng } from '../data/random.js';
import { llamaSettings, type LlamaConfig } from '../models/llama-settings.js';
import { REASONING_CHARS, charVocab, type CharVocab } from '../models/llama-vocab.js';
import { llamaGguf, llamaTensorDims, type LlamaWeights } from './gguf-llama.js';
import { writeGguf } from './gguf-write.js';

/** Seeded random llama weights (norms 1, matrices uniform ±`scale`), for fixtures and tests. */
export function randomLlamaWeights(c: LlamaConfig, seed: number, scale = 0.1): LlamaWeights {
  const rng = new Rng(seed);
  const out: LlamaWeights = new Map();
  for (const [name, dims] of llamaTensorDims(c)) {
    const n = dims.reduce((a, b) => a * b, 1);
    out.set(
      name,
      Float32Array.from({ length: n }, () => (dims.length === 1 ? 1 : (rng.next() * 2 - 1) * scale)),
    );
  }
  return out;
}

/** A tiny random-weight llama (2 blocks, width 64) over {@link REASONING_CHARS}. */
export function tinyLlama(seed = 1): { config: LlamaConfig; vocab: CharVocab; weights: LlamaWeights } {
  const vocab = charVocab(REASONING_CHARS);
  const config: LlamaConfig = {
    ...llamaSettings.parse({ dModel: 64, heads: 4, layers: 2, ffDim: 128, contextLength: 128 }),
    vocabSize: vocab.tokens.length,
  };
  return { config, vocab, weights: randomLlamaWeights(config, seed) };
}

/** Writes the tiny random-weight llama to `path` as an F32 (or F16) GGUF; returns its bytes. */
export function writeTinyGguf(path: string, seed = 1, type: 'F32' | 'F16' = 'F32'): number {
  const { config, vocab, weights } = tinyLlama(seed);
  return writeGguf(path, llamaGguf(config, vocab, weights, type, 'slimbench-tiny-random'));
}
