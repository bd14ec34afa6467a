import { resolve } from 'node:path';
import { orderClasses } from '../data/classes.js';
import type { Dataset } from '../data/types.js';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../engine/artifact-read.js';
import { loadGraph } from '../engine/graph-read.js';
import { detectModelKind } from '../models/kind.js';
import { InputError } from '../errors.js';
import { onnxInterface, onnxOutputSize } from './onnx-check.js';
import type { LoadedSuite } from '../suite/load.js';

/**
 * Checks the suite's original against its data before any cell runs, and returns the dataset
 * with its classes in the model's output order: a loaded model's input shape must be the data's
 * row shape and its output size the class count (label-free data takes its class count from the
 * model); a model slimbench trains needs labels. Each problem is an InputError naming
 * `model.path`, what was found and the fix.
 */
export async function checkOriginal(suite: LoadedSuite, dataset: Dataset): Promise<Dataset> {
  const { model: spec } = suite.spec;
  const where = `${suite.file}: model.classes`;
  if (spec.path === undefined) {
    if (dataset.labeled === false) {
      throw new InputError(
        `${suite.file}: dataset: the data has no labels, so the original cannot be trained on it; load a trained model with 'model.path' (quality is then agreement with it), or give the labels`,
        'data-unlabeled-train',
      );
    }
    return spec.classes ? orderClasses(dataset, spec.classes, where) : dataset;
  }
  const path = resolve(suite.dir, spec.path);
  const kind = detectModelKind(path);
  if (kind === 'onnx') {
    const io = onnxInterface(path);
    checkCounts(path, io.inputs, io.outputs);
    checkInputShape(path, io.input, dataset);
    return checkClasses(suite, dataset, path, await onnxOutputSize(path, dataset.inputShape));
  }
  const model = kind === 'graph' ? await loadGraph(path) : await loadModel(path);
  try {
    checkCounts(path, model.inputs.length, model.outputs.length);
    // Graph signatures write an unknown dimension as -1.
    const input = (model.inputs[0].shape ?? []).slice(1).map((d) => (d === null || d < 0 ? null : d));
    checkInputShape(path, input, dataset);
    const outputs =
      kind === 'graph' ? outputSize(model as tf.GraphModel, dataset.inputShape) : (model as tf.LayersModel).outputs[0].shape.at(-1);
    return checkClasses(suite, dataset, path, outputs ?? undefined);
  } finally {
    model.dispose();
  }
}

function checkCounts(path: string, inputs: number, outputs: number): void {
  if (inputs !== 1 || outputs !== 1) {
    throw new InputError(
      `${path}: model.path: the model has ${inputs} inputs and ${outputs} outputs; slimbench measures models with one input and one output`,
      'model-io-count',
    );
  }
}

function checkInputShape(path: string, input: (number | null)[], dataset: Dataset): void {
  const fits = input.length === dataset.inputShape.length && input.every((d, i) => d === null || d === dataset.inputShape[i]);
  if (fits) return;
  const show = (s: (number | null)[]) => `[${s.map((d) => d ?? '?').join(', ')}]`;
  const same =
    input.every((d) => d !== null) && input.reduce<number>((a, b) => a * (b ?? 1), 1) === dataset.inputShape.reduce((a, b) => a * b, 1);
  const fix = same
    ? "the sizes agree but not the layout: set the dataset's 'layout' (nhwc / nchw) or reshape the data"
    : "give the data the model's input shape (images: 'size' and 'channels'; jsonl: 'maxLength'; csv: the feature columns the model was trained on)";
  throw new InputError(
    `${path}: the model takes inputs of shape ${show(input)} but ${dataset.name} has rows of shape ${show(dataset.inputShape)} (suite field model.path); ${fix}`,
    'model-input-shape',
  );
}

function checkClasses(suite: LoadedSuite, dataset: Dataset, path: string, outputs: number | undefined): Dataset {
  const spec = suite.spec.model;
  const where = `${suite.file}: model.classes`;
  const classes =
    spec.classes ?? (dataset.labeled === false ? Array.from({ length: outputs ?? 0 }, (_, i) => String(i)) : dataset.classNames);
  if (outputs !== classes.length) {
    const n = classes.length;
    const what = spec.classes ? `'model.classes' lists ${n} classes` : `${dataset.name} has ${n} classes`;
    const names = spec.classes ? '' : ` (labels: ${dataset.classNames.join(', ')})`;
    throw new InputError(
      `${path}: the model outputs shape [${outputs}] but ${what}; the last layer needs ${n} units${names} — list the model's classes in output order under 'model.classes' (default: the sorted label names), or check the label column (suite field model.path)`,
      'model-output-size',
    );
  }
  return orderClasses(dataset, classes, where);
}

/** A graph model's output width, from one forward pass on a zero row (graph signatures may leave it unknown). */
function outputSize(model: tf.GraphModel, inputShape: number[]): number {
  return tf.tidy(() => {
    const y = model.predict(tf.zeros([1, ...inputShape])) as tf.Tensor;
    return y.shape[y.shape.length - 1];
  });
}
