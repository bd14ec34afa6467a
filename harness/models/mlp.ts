import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { Rng } from '../data/random.js';
import type { Architecture, DataShape } from './types.js';

/** Settings of the `mlp` architecture. */
export const mlpSettings = z
  .object({
    hidden: z.array(z.number().int().min(1).max(65_536)).max(32).default([64, 32]).describe('units of each hidden Dense layer'),
    activation: z.enum(['relu', 'tanh']).default('relu').describe('activation of the hidden layers'),
    dropout: z.number().min(0).max(0.9).default(0).describe('dropout rate after each hidden layer'),
  })
  .strict();
export type MlpSettings = z.infer<typeof mlpSettings>;

/** Glorot-uniform initializer seeded per layer, so a build depends only on (settings, seed). */
export function seededGlorot(seed: number, layer: string): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed: Rng.derive(seed, layer) });
}

/** Builds a multi-layer perceptron on the flattened input; the last layer is a softmax. */
export function buildMlp(shape: DataShape, settings: MlpSettings, seed: number): tf.LayersModel {
  const s = mlpSettings.parse(settings);
  const model = tf.sequential();
  // tfjs's Flatten rejects 1-D rows, so flat inputs feed the first Dense layer directly.
  const flat = shape.inputShape.length === 1;
  if (!flat) model.add(tf.layers.flatten({ inputShape: shape.inputShape }));
  const first = (i: number) => (flat && i === 0 ? { inputShape: shape.inputShape } : {});
  s.hidden.forEach((units, i) => {
    model.add(tf.layers.dense({ units, activation: s.activation, kernelInitializer: seededGlorot(seed, `dense${i}`), ...first(i) }));
    if (s.dropout > 0) model.add(tf.layers.dropout({ rate: s.dropout, seed: Rng.derive(seed, `dropout${i}`) }));
  });
  model.add(tf.layers.dense({ units: shape.classNames.length, activation: 'softmax', kernelInitializer: seededGlorot(seed, 'output'), ...first(s.hidden.length) }));
  return model;
}

/** `mlp`: Dense layers on the flattened input (any input shape). */
export const mlp: Architecture<MlpSettings> = {
  description: 'multi-layer perceptron: flatten, hidden Dense layers, softmax',
  settings: mlpSettings,
  build: buildMlp,
};
