import type * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/types.js';
import type { WeightEncoding } from '../engine/weight-codec.js';
import type { TrainSettings } from '../models/train-settings.js';
import type { MethodSpec } from './spec.js';

export type { WeightEncoding } from '../engine/weight-codec.js';

/** What a compression method hands back. */
export interface MethodResult {
  /** The compressed model (a new model, or the input model modified in place). */
  model: tf.LayersModel;
  /** What the method did, as plain JSON (kept sparsity, ranks, bits, kept features, ...). */
  info: Record<string, unknown>;
  /** Per-weight storage encoding for the artifact writer, keyed by weight name. */
  encoding?: Record<string, WeightEncoding>;
  /** Column indices of the dataset's input features the model reads, when it reads a subset. */
  inputFeatures?: number[];
  /**
   * An integer ONNX model the variant ships: its quality and speed are measured on the runtimes
   * that execute it (the returned tfjs model is its float counterpart, for parity).
   */
  onnx?: IntegerOnnx;
}

/** An integer ONNX model produced by a method. */
export interface IntegerOnnx {
  format: 'onnx-dynamic' | 'onnx-static';
  bytes: Uint8Array;
}

/** Everything a method may use besides the model and its settings. */
export interface MethodContext {
  dataset: Dataset;
  seed: number;
  /** Training settings of the original model (epochs, batch size, learning rate). */
  train: TrainSettings;
  /** The original's architecture and its settings, when it was trained from the registry (students and retrained models reuse them). */
  arch?: string;
  archSettings?: Record<string, unknown>;
  /**
   * Sensitivity analysis: compress only these layers (by name), leaving the others as they are.
   * Absent: every layer the method applies to.
   */
  layers?: string[];
  /** Reports progress of long steps (fine-tuning epochs). */
  log(message: string): void;
}

/**
 * A compression method: a documented settings schema beside its code and an `apply` that really
 * changes the model. `apply` must not dispose the input model; the caller owns both models.
 */
export interface CompressionMethod<S = any> extends MethodSpec<S> {
  apply(model: tf.LayersModel, settings: S, ctx: MethodContext): Promise<MethodResult>;
}
