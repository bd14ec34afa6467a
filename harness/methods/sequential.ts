import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';

/** A tensor as plain data. */
export interface PlainTensor {
  values: Float32Array;
  shape: number[];
}

/**
 * One layer of a Sequential model as plain data: its class and config (as `getConfig` gives
 * them) and, when known, the weights to load into it (otherwise its initializers run).
 */
export interface LayerPlan {
  className: string;
  config: tf.serialization.ConfigDict;
  weights?: PlainTensor[];
}

/**
 * The layers of a Sequential model as plans carrying their current weights. Methods that rebuild
 * the model layer by layer (lowrank, feature-select) support only Sequential models; anything
 * else is an InputError naming `method`.
 */
export function sequentialPlan(model: tf.LayersModel, method: string): LayerPlan[] {
  if (!(model instanceof tf.Sequential)) {
    throw new InputError(
      `${method}: needs a Sequential model (the mlp, lenet300100 and lenet5 architectures, or a loaded Sequential artifact); this model is a functional graph — choose another method for it`,
      'method-needs-sequential',
    );
  }
  const layers = (model.getConfig() as { layers: { className: string; config: tf.serialization.ConfigDict }[] }).layers;
  return layers.map((l, i) => ({
    className: l.className,
    config: structuredClone(l.config),
    weights: model.layers[i].getWeights().map((w) => ({ values: w.dataSync().slice() as Float32Array, shape: w.shape.slice() })),
  }));
}

/**
 * Builds a Sequential model from layer plans and loads each plan's weights. The first plan must
 * carry the `batchInputShape`. Plans without weights keep the initial values of their layer.
 */
export function buildSequential(plans: LayerPlan[], name?: string): tf.Sequential {
  const config = { ...(name ? { name } : {}), layers: plans.map(({ className, config: c }) => ({ className, config: c })) };
  const model = tf.Sequential.fromConfig(tf.Sequential, config as unknown as tf.serialization.ConfigDict) as tf.Sequential;
  plans.forEach((p, i) => {
    if (!p.weights) return;
    const tensors = p.weights.map((w) => tf.tensor(w.values, w.shape));
    model.layers[i].setWeights(tensors);
    tf.dispose(tensors);
  });
  return model;
}

/** Plans with the weights dropped, so that a rebuild starts from fresh initial values. */
export function withoutWeights(plans: LayerPlan[]): LayerPlan[] {
  return plans.map(({ className, config }) => ({ className, config }));
}
