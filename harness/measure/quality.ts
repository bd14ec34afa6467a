/**
 * Classification quality from plain arrays of true and predicted class indices.
 * Macro averages weight every class equally; a class with no predicted (or no true) rows
 * contributes precision (or recall) 0, as scikit-learn does with `zero_division=0`.
 */
export interface QualityMetrics {
  accuracy: number;
  precisionMacro: number;
  recallMacro: number;
  f1Macro: number;
}

/** `confusion[t][p]`: rows with true class t predicted as p. */
export function confusionMatrix(y: ArrayLike<number>, pred: ArrayLike<number>, numClasses: number): number[][] {
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < y.length; i++) m[y[i]][pred[i]]++;
  return m;
}

/** Per-class precision, recall and F1 from a confusion matrix. */
export function perClass(confusion: number[][]): { precision: number[]; recall: number[]; f1: number[]; support: number[] } {
  const k = confusion.length;
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  for (let c = 0; c < k; c++) {
    const tp = confusion[c][c];
    const actual = confusion[c].reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let t = 0; t < k; t++) predicted += confusion[t][c];
    const p = predicted ? tp / predicted : 0;
    const r = actual ? tp / actual : 0;
    precision.push(p);
    recall.push(r);
    f1.push(p + r ? (2 * p * r) / (p + r) : 0);
    support.push(actual);
  }
  return { precision, recall, f1, support };
}

/** Accuracy and macro precision/recall/F1. */
export function qualityMetrics(y: ArrayLike<number>, pred: ArrayLike<number>, numClasses: number): QualityMetrics {
  const confusion = confusionMatrix(y, pred, numClasses);
  const pc = perClass(confusion);
  let correct = 0;
  for (let c = 0; c < numClasses; c++) correct += confusion[c][c];
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  return {
    accuracy: y.length ? correct / y.length : 0,
    precisionMacro: mean(pc.precision),
    recallMacro: mean(pc.recall),
    f1Macro: mean(pc.f1),
  };
}

/** Index of the largest value in each row of a row-major [n, k] matrix. */
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
