import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/random.js';
import type { Architecture, DataShape } from './types.js';
import { mlpSettings, mlpSpec, type MlpSettings } from './mlp-settings.js';

export { mlpSettings, type MlpSettings } from './mlp-settings.js';

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
  model.add(
    tf.layers.dense({
      units: shape.classNames.length,
      activation: 'softmax',
      kernelInitializer: seededGlorot(seed, 'output'),
      ...first(s.hidden.length),
    }),
  );
  return model;
}

/** `mlp`: Dense layers on the flattened input (any input shape). */
export const mlp: Architecture<MlpSettings> = { ...mlpSpec, build: buildMlp };
