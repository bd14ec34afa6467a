import type * as tf from '@tensorflow/tfjs';
import type { Split } from '../data/types.js';
import { predictProbs } from '../models/train.js';
import { bootstrap, type Estimate } from './bootstrap.js';
import { pairedFigures, type PairedFigures } from './paired.js';
import { argmaxRows, confusionMatrix, qualityMetrics, type QualityMetrics } from './quality.js';

/** Statistics settings of an evaluation. */
export interface EvalSettings {
  ciLevel: number;
  resamples: number;
  seed: number;
}

/** Quality of one model on the test split, with intervals, and against the original when given. */
export interface Evaluation {
  predictions: Int32Array;
  quality: Record<keyof QualityMetrics, Estimate>;
  confusion: number[][];
  retention?: Record<keyof QualityMetrics, Estimate>;
  paired?: PairedFigures;
}

const METRICS: (keyof QualityMetrics)[] = ['accuracy', 'precisionMacro', 'recallMacro', 'f1Macro'];

/** Predicts the test split and computes every quality figure. */
export function evaluate(
  model: tf.LayersModel,
  test: Split,
  inputShape: number[],
  numClasses: number,
  settings: EvalSettings,
  reference?: Int32Array,
): Evaluation {
  const predictions = argmaxRows(predictProbs(model, test, inputShape), numClasses);
  return evaluatePredictions(test.y, predictions, numClasses, settings, reference);
}

/** Quality figures from stored predictions (so metrics can be recomputed without the model). */
export function evaluatePredictions(
  y: Int32Array,
  predictions: Int32Array,
  numClasses: number,
  settings: EvalSettings,
  reference?: Int32Array,
): Evaluation {
  const opts = { resamples: settings.resamples, level: settings.ciLevel, seed: settings.seed };
  const on = (rows: Int32Array, pred: Int32Array) =>
    qualityMetrics(
      Array.from(rows, (i) => y[i]),
      Array.from(rows, (i) => pred[i]),
      numClasses,
    );
  const quality = {} as Record<keyof QualityMetrics, Estimate>;
  for (const m of METRICS) quality[m] = bootstrap(y.length, (rows) => on(rows, predictions)[m], opts);
  const out: Evaluation = { predictions, quality, confusion: confusionMatrix(y, predictions, numClasses) };
  if (reference) {
    out.retention = {} as Record<keyof QualityMetrics, Estimate>;
    for (const m of METRICS) {
      out.retention[m] = bootstrap(y.length, (rows) => ratio(on(rows, predictions)[m], on(rows, reference)[m]), opts);
    }
    out.paired = pairedFigures(y, reference, predictions);
  }
  return out;
}

function ratio(a: number, b: number): number {
  return b === 0 ? (a === 0 ? 1 : Infinity) : a / b;
}
