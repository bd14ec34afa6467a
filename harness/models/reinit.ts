import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/random.js';

const ONES = /(gamma|moving_variance)$/;
const ZEROS = /(bias|beta|moving_mean)$/;

/**
 * Gives every weight of `model` fresh seeded values, in place, as a new build would: Glorot
 * uniform for kernels and embeddings (any weight of rank >= 2), zeros for biases, shifts and
 * running means, ones for scales and running variances. The architecture is left as it is.
 */
export function reinitialize(model: tf.LayersModel, seed: number): void {
  for (const w of model.weights) {
    const shape = w.shape as number[];
    const name = w.originalName;
    const fresh = tf.tidy(() => {
      if (ONES.test(name)) return tf.ones(shape);
      if (ZEROS.test(name) || shape.length < 2) return tf.zeros(shape);
      return tf.initializers.glorotUniform({ seed: Rng.derive(seed, name) }).apply(shape);
    });
    w.write(fresh);
    fresh.dispose();
  }
}
