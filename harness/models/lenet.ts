import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { seededGlorot } from './mlp.js';
import type { Architecture, DataShape } from './types.js';
import { lenet300100Spec, lenet5Spec, lenetSettings, type LenetSettings } from './lenet-settings.js';

export { lenetSettings, type LenetSettings } from './lenet-settings.js';

const scaled = (n: number, width: number): number => Math.max(1, Math.round(n * width));

/** LeNet-300-100: flatten, Dense 300 → 100 (ReLU), softmax (266,610 parameters on 784 inputs, 10 classes). */
export function buildLenet300100(shape: DataShape, settings: LenetSettings, seed: number): tf.LayersModel {
  const { width } = lenetSettings.parse(settings);
  const model = tf.sequential();
  // tfjs's Flatten rejects 1-D rows, so flat inputs feed the first Dense layer directly.
  const flat = shape.inputShape.length === 1;
  if (!flat) model.add(tf.layers.flatten({ inputShape: shape.inputShape }));
  const input = flat ? { inputShape: shape.inputShape } : {};
  model.add(tf.layers.dense({ ...input, units: scaled(300, width), activation: 'relu', kernelInitializer: seededGlorot(seed, 'fc1') }));
  model.add(tf.layers.dense({ units: scaled(100, width), activation: 'relu', kernelInitializer: seededGlorot(seed, 'fc2') }));
  model.add(tf.layers.dense({ units: shape.classNames.length, activation: 'softmax', kernelInitializer: seededGlorot(seed, 'output') }));
  return model;
}

/**
 * LeNet-5: conv 6@5×5 (same) → maxpool 2 → conv 16@5×5 (valid) → maxpool 2 → Dense 120 → 84 →
 * softmax, ReLU throughout. Needs image input `[h, w]` or `[h, w, channels]`, at least 12×12.
 */
export function buildLenet5(shape: DataShape, settings: LenetSettings, seed: number): tf.LayersModel {
  const { width } = lenetSettings.parse(settings);
  const dims = shape.inputShape;
  if ((dims.length !== 2 && dims.length !== 3) || dims[0] < 12 || dims[1] < 12) {
    throw new InputError(
      `lenet5 needs image input [height, width(, channels)] of at least 12×12; this dataset has shape [${dims.join(', ')}]; use lenet300100 or mlp`,
      'arch-input-shape',
    );
  }
  const model = tf.sequential();
  if (dims.length === 2) model.add(tf.layers.reshape({ inputShape: dims, targetShape: [...dims, 1] }));
  const conv = (filters: number, padding: 'same' | 'valid', name: string): void => {
    const input = model.layers.length === 0 ? { inputShape: dims } : {};
    model.add(
      tf.layers.conv2d({
        ...input,
        filters: scaled(filters, width),
        kernelSize: 5,
        padding,
        activation: 'relu',
        kernelInitializer: seededGlorot(seed, name),
      }),
    );
    model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  };
  conv(6, 'same', 'conv1');
  conv(16, 'valid', 'conv2');
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: scaled(120, width), activation: 'relu', kernelInitializer: seededGlorot(seed, 'fc1') }));
  model.add(tf.layers.dense({ units: scaled(84, width), activation: 'relu', kernelInitializer: seededGlorot(seed, 'fc2') }));
  model.add(tf.layers.dense({ units: shape.classNames.length, activation: 'softmax', kernelInitializer: seededGlorot(seed, 'output') }));
  return model;
}

/** `lenet300100`: the classic fully connected MNIST network. */
export const lenet300100: Architecture<LenetSettings> = { ...lenet300100Spec, build: buildLenet300100 };

/** `lenet5`: the classic convolutional MNIST network. */
export const lenet5: Architecture<LenetSettings> = { ...lenet5Spec, build: buildLenet5 };
