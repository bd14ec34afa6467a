import { Rng } from '../../harness/data/random.js';
import type { Dataset, Split } from '../../harness/data/types.js';
import type { MethodContext } from '../../harness/methods/types.js';

/**
 * A flat float dataset of `d` standard-uniform-ish columns named f0, f1, ... whose class is
 * `label(row)`; `n` training rows and `n / 2` test rows, seeded.
 */
export function syntheticDataset(opts: {
  n: number;
  d: number;
  classes: number;
  seed: number;
  label: (row: Float32Array) => number;
}): Dataset {
  const rng = new Rng(opts.seed);
  const make = (n: number): Split => {
    const x = new Float32Array(n * opts.d);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const row = x.subarray(i * opts.d, (i + 1) * opts.d);
      for (let j = 0; j < opts.d; j++) row[j] = rng.next() * 2 - 1;
      y[i] = opts.label(row);
    }
    return { x, y, n };
  };
  return {
    name: 'synthetic',
    hash: 'synthetic',
    inputShape: [opts.d],
    inputKind: 'float',
    featureNames: Array.from({ length: opts.d }, (_, j) => `f${j}`),
    classNames: Array.from({ length: opts.classes }, (_, c) => `c${c}`),
    train: make(opts.n),
    test: make(Math.round(opts.n / 2)),
  };
}

/** A method context on `dataset` with quick training settings. */
export function context(dataset: Dataset, extra: Partial<MethodContext> = {}): MethodContext {
  return { dataset, seed: 3, train: { epochs: 8, batchSize: 32, learningRate: 0.01 }, log: () => {}, ...extra };
}

/** Share of rows where the argmax of `probs` (row-major, `classes` wide) equals `y`. */
export function accuracyOf(probs: Float32Array, y: Int32Array, classes: number): number {
  let right = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + best]) best = c;
    if (best === y[i]) right++;
  }
  return right / y.length;
}
