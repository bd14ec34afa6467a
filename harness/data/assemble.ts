import { stratifiedSplit, stratifiedSubset } from './split.js';
import type { Split } from './types.js';

/** Rows of a source before splitting: row-major inputs and, when the source has them, a label index per row. */
export interface Rows {
  x: Float32Array;
  n: number;
  /** Width of one row. */
  width: number;
  /** Class index per row; absent when the source has no labels. */
  y?: Int32Array;
}

/**
 * The seeded train/test split of `rows` (stratified by label; a plain random split when there are
 * no labels, whose `y` is then all zeros), cut to about `limit` rows in all when given.
 */
export function splitRows(rows: Rows, testFraction: number, seed: number, limit?: number): { train: Split; test: Split } {
  const labels = rows.y ?? new Int32Array(rows.n);
  let { train, test } = stratifiedSplit(labels, testFraction, seed);
  if (limit) {
    const keepTrain = Math.round(limit * (1 - testFraction));
    train = stratifiedSubset(train, labels, keepTrain, seed);
    test = stratifiedSubset(test, labels, limit - keepTrain, seed);
  }
  const take = (idx: number[]): Split => {
    const x = new Float32Array(idx.length * rows.width);
    idx.forEach((r, i) => x.set(rows.x.subarray(r * rows.width, (r + 1) * rows.width), i * rows.width));
    return { x, y: Int32Array.from(idx, (r) => labels[r]), n: idx.length };
  };
  return { train: take(train), test: take(test) };
}

/** Label indices of label texts, classes sorted (numerically when every label is a number). */
export function indexLabels(texts: string[]): { classNames: string[]; y: Int32Array } {
  const distinct = [...new Set(texts)];
  const numeric = distinct.every((t) => t.trim() !== '' && Number.isFinite(Number(t)));
  const classNames = numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
  const index = new Map(classNames.map((c, i) => [c, i]));
  return { classNames, y: Int32Array.from(texts, (t) => index.get(t)!) };
}
