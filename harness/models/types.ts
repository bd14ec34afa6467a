import type * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/types.js';
import type { ArchSpec } from './spec.js';

/** What an architecture needs to know about the data to build a model. */
export type DataShape = Pick<Dataset, 'inputShape' | 'inputKind' | 'vocabSize' | 'classNames'>;

/**
 * A model architecture: a settings schema and a builder. The builder returns an uncompiled
 * `tf.LayersModel` whose last layer outputs class probabilities (softmax).
 */
export interface Architecture<S = any> extends ArchSpec<S> {
  build(shape: DataShape, settings: S, seed: number): tf.LayersModel;
}
