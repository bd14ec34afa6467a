import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { Rng } from '../data/random.js';
import { CausalSelfAttention } from './llama-attention.js';
import { RmsNorm, SwiGlu, TokenEmbedding } from './llama-layers.js';
import { llamaSettings, llamaSpec, type LlamaConfig, type LlamaSettings } from './llama-settings.js';
import type { Architecture, DataShape } from './types.js';

type Sym = tf.SymbolicTensor;

let registered = false;

/** Registers the llama layers with tfjs serialization (idempotent; importing registers nothing). */
export function registerLlamaLayers(): void {
  if (registered) return;
  for (const cls of [TokenEmbedding, RmsNorm, SwiGlu, CausalSelfAttention]) tf.serialization.registerClass(cls);
  registered = true;
}

/**
 * Builds a llama-architecture decoder: token embedding; `layers` blocks of (RMSNorm → causal
 * self-attention with rotary positions → residual, RMSNorm → SwiGLU → residual); RMSNorm; output
 * head (the embedding itself when `tiedOutput`). Input: token ids `[batch, seq]` of any length up
 * to `contextLength`; output: next-token **logits** `[batch, seq, vocab]` (not probabilities).
 * Layer names follow GGUF's: `embed`, `blk{i}_attn_norm`, `blk{i}_attn`, `blk{i}_ffn_norm`,
 * `blk{i}_ffn`, `output_norm`, `output`.
 */
export function buildLlamaModel(config: LlamaConfig, seed: number): tf.LayersModel {
  registerLlamaLayers();
  const derive = (label: string): number => Rng.derive(seed, label);
  const ids = tf.input({ shape: [null], name: 'tokens' });
  const embed = new TokenEmbedding({ name: 'embed', vocabSize: config.vocabSize, dModel: config.dModel, seed: derive('embed') });
  let h = embed.apply(ids) as Sym;
  for (let i = 0; i < config.layers; i++) {
    const a = new RmsNorm({ name: `blk${i}_attn_norm`, epsilon: config.rmsEps }).apply(h) as Sym;
    const attn = new CausalSelfAttention({
      name: `blk${i}_attn`,
      heads: config.heads,
      ropeBase: config.ropeBase,
      seed: derive(`attn${i}`),
    }).apply(a) as Sym;
    h = tf.layers.add({ name: `blk${i}_attn_add` }).apply([h, attn]) as Sym;
    const f = new RmsNorm({ name: `blk${i}_ffn_norm`, epsilon: config.rmsEps }).apply(h) as Sym;
    const ff = new SwiGlu({ name: `blk${i}_ffn`, ffDim: config.ffDim, seed: derive(`ffn${i}`) }).apply(f) as Sym;
    h = tf.layers.add({ name: `blk${i}_ffn_add` }).apply([h, ff]) as Sym;
  }
  h = new RmsNorm({ name: 'output_norm', epsilon: config.rmsEps }).apply(h) as Sym;
  const logits = config.tiedOutput
    ? (embed.apply(h) as Sym)
    : (tf.layers
        .dense({
          name: 'output',
          units: config.vocabSize,
          useBias: false,
          kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: derive('output') }),
        })
        .apply(h) as Sym);
  return tf.model({ inputs: ids, outputs: logits, name: 'llama' });
}

/** `llama`: a decoder-only language model for slimbench's reasoning-LLM suites (token input). */
export const llama: Architecture<LlamaSettings> = {
  ...llamaSpec,
  build(shape: DataShape, settings: LlamaSettings, seed: number): tf.LayersModel {
    if (shape.inputKind !== 'tokens' || !shape.vocabSize) {
      throw new InputError(
        `llama needs token input with a vocabulary (an LLM task); this dataset has ${shape.inputKind} input; use mlp or transformer`,
        'arch-input-kind',
      );
    }
    return buildLlamaModel({ ...llamaSettings.parse(settings), vocabSize: shape.vocabSize }, seed);
  },
};
