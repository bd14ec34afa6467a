import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { Rng } from '../data/random.js';
import { seededGlorot } from './mlp.js';
import { LayerNorm, MultiHeadSelfAttention, PositionEmbedding, SequencePool, registerTransformerLayers } from './transformer-layers.js';
import type { Architecture, DataShape } from './types.js';
import { transformerSettings, transformerSpec, type TransformerSettings } from './transformer-settings.js';

export { transformerSettings, type TransformerSettings } from './transformer-settings.js';

type Sym = tf.SymbolicTensor;

/**
 * Builds a small transformer encoder for token inputs: token + learned position embedding,
 * `layers` blocks of (self-attention, residual, layer norm, Dense relu → Dense, residual, layer
 * norm), pooling, softmax. The model uses the custom layers of `transformer-layers.ts`; building
 * registers them (see {@link registerTransformerLayers}), and saved artifacts load wherever they
 * are registered.
 */
export function buildTransformer(shape: DataShape, settings: TransformerSettings, seed: number): tf.LayersModel {
  const s = transformerSettings.parse(settings);
  if (shape.inputKind !== 'tokens' || !shape.vocabSize || shape.inputShape.length !== 1) {
    throw new InputError(
      `transformer needs token input ([seqLen] of token ids with a vocabulary); this dataset has ${shape.inputKind} input of shape [${shape.inputShape.join(', ')}]; use mlp`,
      'arch-input-kind',
    );
  }
  registerTransformerLayers();
  const derive = (label: string): number => Rng.derive(seed, label);
  const ids = tf.input({ shape: shape.inputShape });
  const embed = tf.layers.embedding({
    inputDim: shape.vocabSize,
    outputDim: s.dModel,
    embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: derive('embedding') }),
  });
  let h = new PositionEmbedding({ seed: derive('position') }).apply(embed.apply(ids)) as Sym;
  const withIds = (x: Sym): Sym | Sym[] => (s.mask ? [x, ids] : x);
  const drop = (x: Sym, label: string): Sym =>
    s.dropout > 0 ? (tf.layers.dropout({ rate: s.dropout, seed: derive(label) }).apply(x) as Sym) : x;
  const addNorm = (a: Sym, b: Sym): Sym => new LayerNorm({ epsilon: 1e-6 }).apply(tf.layers.add().apply([a, b])) as Sym;
  for (let i = 0; i < s.layers; i++) {
    const attended = new MultiHeadSelfAttention({ heads: s.heads, seed: derive(`attention${i}`) }).apply(withIds(h)) as Sym;
    h = addNorm(h, drop(attended, `dropout-attention${i}`));
    const hidden = tf.layers
      .dense({ units: s.ffDim, activation: 'relu', kernelInitializer: seededGlorot(seed, `ff${i}a`) })
      .apply(h) as Sym;
    const ff = tf.layers.dense({ units: s.dModel, kernelInitializer: seededGlorot(seed, `ff${i}b`) }).apply(hidden) as Sym;
    h = addNorm(h, drop(ff, `dropout-ff${i}`));
  }
  const pooled = new SequencePool({ mode: s.pool }).apply(withIds(h)) as Sym;
  const out = tf.layers
    .dense({ units: shape.classNames.length, activation: 'softmax', kernelInitializer: seededGlorot(seed, 'output') })
    .apply(pooled) as Sym;
  return tf.model({ inputs: ids, outputs: out });
}

/** `transformer`: a small encoder for token sequences (bAbI, ListOps). */
export const transformer: Architecture<TransformerSettings> = { ...transformerSpec, build: buildTransformer };
