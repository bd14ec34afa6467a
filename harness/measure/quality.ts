/**
 * Classification quality from confusion counts. Every metric here is a function of the flat
 * `k × k` count matrix alone, so a bootstrap resample only has to rebuild the counts.
 *
 * Conventions follow scikit-learn's defaults: macro averages run over the classes that occur in
 * the true or the predicted labels; a class with no predicted (or no true) rows has precision
 * (or recall) 0 (`zero_division=0`); weighted averages weight each class by its true-row count;
 * balanced accuracy is the mean recall over classes that occur in the true labels.
 */

/** Names of the metrics derived from confusion counts, in the order {@link metricsFromCounts} writes them. */
export const CONFUSION_METRICS = [
  'accuracy',
  'balancedAccuracy',
  'precisionMacro',
  'recallMacro',
  'f1Macro',
  'precisionWeighted',
  'recallWeighted',
  'f1Weighted',
] as const;
export type ConfusionMetric = (typeof CONFUSION_METRICS)[number];

/** The confusion-derived metrics of one prediction vector. */
export type QualityMetrics = Record<ConfusionMetric, number>;

/** Per-class precision, recall, F1 and support (true-row count), indexed by class. */
export interface PerClass {
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
}

/** `confusion[t][p]`: rows with true class t predicted as p. */
export function confusionMatrix(y: ArrayLike<number>, pred: ArrayLike<number>, numClasses: number): number[][] {
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < y.length; i++) m[y[i]][pred[i]]++;
  return m;
}

/** Flat row-major counts `counts[t * k + p]` of a confusion matrix. */
export function flatCounts(confusion: number[][]): Float64Array {
  const k = confusion.length;
  const out = new Float64Array(k * k);
  for (let t = 0; t < k; t++) for (let p = 0; p < k; p++) out[t * k + p] = confusion[t][p];
  return out;
}

/**
 * Writes the {@link CONFUSION_METRICS} of flat counts into `out` (length ≥ 8), in that order.
 * `scratch` (length ≥ 2k) avoids allocation when called once per bootstrap resample.
 */
export function metricsFromCounts(
  counts: ArrayLike<number>,
  k: number,
  out: Float64Array,
  scratch = new Float64Array(2 * k),
): Float64Array {
  const rowSum = scratch.subarray(0, k);
  const colSum = scratch.subarray(k, 2 * k);
  rowSum.fill(0);
  colSum.fill(0);
  let total = 0;
  let trace = 0;
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      const c = counts[t * k + p];
      rowSum[t] += c;
      colSum[p] += c;
    }
    trace += counts[t * k + t];
    total += rowSum[t];
  }
  let present = 0;
  let withTrue = 0;
  let recallOfTrue = 0;
  let pSum = 0;
  let rSum = 0;
  let fSum = 0;
  let pW = 0;
  let rW = 0;
  let fW = 0;
  for (let c = 0; c < k; c++) {
    const tp = counts[c * k + c];
    const p = colSum[c] > 0 ? tp / colSum[c] : 0;
    const r = rowSum[c] > 0 ? tp / rowSum[c] : 0;
    const f = rowSum[c] + colSum[c] > 0 ? (2 * tp) / (rowSum[c] + colSum[c]) : 0;
    if (rowSum[c] > 0 || colSum[c] > 0) {
      present++;
      pSum += p;
      rSum += r;
      fSum += f;
    }
    if (rowSum[c] > 0) {
      withTrue++;
      recallOfTrue += r;
    }
    pW += rowSum[c] * p;
    rW += rowSum[c] * r;
    fW += rowSum[c] * f;
  }
  out[0] = total > 0 ? trace / total : 0;
  out[1] = withTrue > 0 ? recallOfTrue / withTrue : 0;
  out[2] = present > 0 ? pSum / present : 0;
  out[3] = present > 0 ? rSum / present : 0;
  out[4] = present > 0 ? fSum / present : 0;
  out[5] = total > 0 ? pW / total : 0;
  out[6] = total > 0 ? rW / total : 0;
  out[7] = total > 0 ? fW / total : 0;
  return out;
}

/** Per-class precision, recall, F1 and support from a confusion matrix. */
export function perClass(confusion: number[][]): PerClass {
  const k = confusion.length;
  const out: PerClass = { precision: [], recall: [], f1: [], support: [] };
  for (let c = 0; c < k; c++) {
    const tp = confusion[c][c];
    const actual = confusion[c].reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let t = 0; t < k; t++) predicted += confusion[t][c];
    out.precision.push(predicted ? tp / predicted : 0);
    out.recall.push(actual ? tp / actual : 0);
    out.f1.push(actual + predicted ? (2 * tp) / (actual + predicted) : 0);
    out.support.push(actual);
  }
  return out;
}

/** All confusion-derived metrics of true and predicted class indices. */
export function qualityMetrics(y: ArrayLike<number>, pred: ArrayLike<number>, numClasses: number): QualityMetrics {
  const values = metricsFromCounts(
    flatCounts(confusionMatrix(y, pred, numClasses)),
    numClasses,
    new Float64Array(CONFUSION_METRICS.length),
  );
  return Object.fromEntries(CONFUSION_METRICS.map((m, i) => [m, values[i]])) as QualityMetrics;
}

/** Index of the largest value in each row of a row-major [n, k] matrix (the first on ties). */
export function argmaxRows(probs: Float32Array, k: number): Int32Array {
  const n = probs.length / k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (probs[i * k + j] > probs[i * k + best]) best = j;
    out[i] = best;
  }
  return out;
}
