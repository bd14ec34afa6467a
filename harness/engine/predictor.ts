import type * as tf from '@tensorflow/tfjs';

/**
 * What measuring a model needs of it: a forward pass on a batch tensor, and disposal. Both tfjs
 * layers models and graph models are predictors; measurement code takes this, not a model class.
 */
export interface Predictor {
  predict(x: tf.Tensor): tf.Tensor | tf.Tensor[] | tf.NamedTensorMap;
  dispose(): void;
}
