import type { Predictor } from '../engine/predictor.js';
import type { Split } from '../data/types.js';
import { InputError } from '../errors.js';
import { predictProbs } from '../models/train.js';
import { agreementFigures } from './agreement.js';
import type { Estimate } from './bootstrap.js';
import { pairedFigures, type PairedFigures } from './paired.js';
import { bootstrapQuality, type BootstrapSide } from './quality-bootstrap.js';
import { logLossRows, topKHits, topKName } from './quality-probs.js';
import { argmaxRows, confusionMatrix, perClass, type ConfusionMetric, type PerClass } from './quality.js';

/** Statistics settings of an evaluation. */
export interface EvalSettings {
  ciLevel: number;
  resamples: number;
  seed: number;
  /** k of top-k accuracy; 1 or absent leaves it out. Needs probabilities. */
  topK?: number;
  /**
   * No labels: quality is agreement with the reference's outputs (which must then carry
   * probabilities): `fidelity`, `top<k>Overlap`, `kl` and `tv` (or `mse` for outputs that are not
   * probabilities). The reference's predictions stand in for the labels in the confusion matrix
   * and the paired test.
   */
  labelFree?: boolean;
}

/** The metric name of the top-k overlap with the original. */
export function topKOverlapName(k: number): string {
  return `top${k}Overlap`;
}

/** A model's predictions on the test rows: classes, and row-major `[n, classes]` probabilities when known. */
export interface PredictionSet {
  predicted: Int32Array;
  probs?: Float32Array;
}

/** Quality of one model on the test split, with intervals, and against the original when given. */
export interface Evaluation {
  predictions: Int32Array;
  probs?: Float32Array;
  /** Confusion metrics always; `logLoss` and `top<k>Accuracy` when probabilities are known. */
  quality: Record<ConfusionMetric, Estimate> & Record<string, Estimate>;
  confusion: number[][];
  perClass: PerClass;
  retention?: Record<string, Estimate>;
  paired?: PairedFigures & { fidelityCi: [number, number] };
  /** KL(original ‖ variant) and total variation between output distributions, when both are probabilities. */
  kl?: Estimate;
  tv?: Estimate;
}

/**
 * Predicts the test split (probabilities kept) and computes every quality figure. A model whose
 * output is not one value per class (a loaded artifact made for other data) is an InputError.
 */
export function evaluate(
  model: Predictor,
  test: Split,
  inputShape: number[],
  numClasses: number,
  settings: EvalSettings,
  reference?: Int32Array | PredictionSet,
): Evaluation {
  const probs = predictProbs(model, test, inputShape);
  if (probs.length !== test.n * numClasses) {
    const perRow = test.n > 0 ? probs.length / test.n : 0;
    throw new InputError(
      `the model outputs ${perRow} values per row but the dataset has ${numClasses} classes; give the suite a model (model.path) whose last layer has ${numClasses} units, or the dataset it was trained for`,
      'model-output-size',
    );
  }
  return evaluatePredictions(test.y, { predicted: argmaxRows(probs, numClasses), probs }, numClasses, settings, reference);
}

/** Label-free quality of `own` against `ref` (both with probabilities): see {@link EvalSettings.labelFree}. */
function evaluateAgreement(own: PredictionSet, ref: PredictionSet, numClasses: number, settings: EvalSettings): Evaluation {
  if (!own.probs || !ref.probs) throw new Error('label-free evaluation needs the outputs of both models');
  const topK = settings.topK ?? 1;
  const a = agreementFigures(ref.probs, own.probs, numClasses, {
    topK,
    resamples: settings.resamples,
    level: settings.ciLevel,
    seed: settings.seed,
  });
  const quality: Record<string, Estimate> = { fidelity: a.fidelity };
  if (a.topKOverlap) quality[topKOverlapName(topK)] = a.topKOverlap;
  if (a.kl) quality.kl = a.kl;
  if (a.tv) quality.tv = a.tv;
  if (a.mse) quality.mse = a.mse;
  const confusion = confusionMatrix(ref.predicted, own.predicted, numClasses);
  return {
    predictions: own.predicted,
    probs: own.probs,
    quality: quality as Evaluation['quality'],
    confusion,
    perClass: perClass(confusion),
    paired: { ...pairedFigures(ref.predicted, ref.predicted, own.predicted), fidelityCi: a.fidelity.ci },
    ...(a.kl ? { kl: a.kl } : {}),
    ...(a.tv ? { tv: a.tv } : {}),
  };
}

/**
 * Every quality figure from labels and predictions alone (pure; stored predictions give the same
 * figures as the live model): confusion metrics, per-class figures, log loss and top-k accuracy
 * when probabilities are given, and against a reference: retention, fidelity, flips, McNemar.
 */
export function evaluatePredictions(
  y: Int32Array,
  predictions: Int32Array | PredictionSet,
  numClasses: number,
  settings: EvalSettings,
  reference?: Int32Array | PredictionSet,
): Evaluation {
  const own = asSet(predictions);
  const ref = reference === undefined ? undefined : asSet(reference);
  if (settings.labelFree) {
    if (!ref) throw new Error('label-free evaluation needs the reference outputs');
    return evaluateAgreement(own, ref, numClasses, settings);
  }
  const topK = settings.topK ?? 1;
  const side = (set: PredictionSet, withLogLoss: boolean): BootstrapSide => {
    const rowMetrics: Record<string, Float64Array> = {};
    if (set.probs) {
      checkProbs(set.probs, y.length, numClasses);
      if (withLogLoss) rowMetrics.logLoss = logLossRows(set.probs, y, numClasses);
      if (topK > 1) rowMetrics[topKName(topK)] = topKHits(set.probs, y, numClasses, topK);
    }
    return { pred: set.predicted, rowMetrics };
  };
  // Log loss is lower-is-better, so the reference side leaves it out of retention.
  const boot = bootstrapQuality(y, numClasses, side(own, true), ref && side(ref, false), {
    resamples: settings.resamples,
    level: settings.ciLevel,
    seed: settings.seed,
  });
  const confusion = confusionMatrix(y, own.predicted, numClasses);
  const out: Evaluation = {
    predictions: own.predicted,
    ...(own.probs ? { probs: own.probs } : {}),
    quality: boot.quality as Evaluation['quality'],
    confusion,
    perClass: perClass(confusion),
  };
  if (ref) {
    out.retention = boot.retention;
    out.paired = { ...pairedFigures(y, ref.predicted, own.predicted), fidelityCi: boot.fidelity!.ci };
    if (own.probs && ref.probs) {
      const a = agreementFigures(ref.probs, own.probs, numClasses, {
        resamples: settings.resamples,
        level: settings.ciLevel,
        seed: settings.seed,
      });
      if (a.kl) out.kl = a.kl;
      if (a.tv) out.tv = a.tv;
    }
  }
  return out;
}

function asSet(p: Int32Array | PredictionSet): PredictionSet {
  return p instanceof Int32Array ? { predicted: p } : p;
}

function checkProbs(probs: Float32Array, n: number, k: number): void {
  if (probs.length !== n * k) throw new Error(`probabilities hold ${probs.length} values; ${n} rows × ${k} classes expected`);
}
