import { mcnemarExact } from './paired.js';

/** How one class fared in a variant against the original, on that class's test rows. */
export interface ClassChange {
  class: number;
  /** Test rows of the class. */
  support: number;
  /** Accuracy (recall) of the class: original's, variant's and their difference. */
  original: number;
  variant: number;
  change: number;
  /** Rows of the class the original got right and the variant wrong, and the reverse. */
  rightToWrong: number;
  wrongToRight: number;
  /** Exact McNemar p on those rows, and its Benjamini–Hochberg adjustment across classes. */
  p: number;
  q: number;
  /** True when `q` is at most the level and the class lost accuracy. */
  lost: boolean;
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values) of `p`, in the input order: the step-up
 * minimum of `p_(i) · m / i` from the largest down, capped at 1.
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const q = new Array<number>(m);
  let min = 1;
  for (let r = m - 1; r >= 0; r--) {
    const [v, i] = order[r];
    min = Math.min(min, (v * m) / (r + 1));
    q[i] = min;
  }
  return q;
}

/**
 * Per-class accuracy of `variant` against `original` on labels `y` (`k` classes): a McNemar test
 * on each class's rows, Benjamini–Hochberg across the classes that have rows, and the classes
 * that lost significantly at false discovery rate `fdr`.
 */
export function classChanges(y: Int32Array, k: number, original: Int32Array, variant: Int32Array, fdr = 0.05): ClassChange[] {
  const support = new Array<number>(k).fill(0);
  const oRight = new Array<number>(k).fill(0);
  const vRight = new Array<number>(k).fill(0);
  const b = new Array<number>(k).fill(0);
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < y.length; i++) {
    const t = y[i];
    const o = original[i] === t;
    const v = variant[i] === t;
    support[t]++;
    if (o) oRight[t]++;
    if (v) vRight[t]++;
    if (o && !v) b[t]++;
    else if (!o && v) c[t]++;
  }
  const present = support.map((s, t) => (s > 0 ? t : -1)).filter((t) => t >= 0);
  const p = present.map((t) => mcnemarExact(b[t], c[t]));
  const q = benjaminiHochberg(p);
  return present.map((t, j) => {
    const change = (vRight[t] - oRight[t]) / support[t];
    return {
      class: t,
      support: support[t],
      original: oRight[t] / support[t],
      variant: vRight[t] / support[t],
      change,
      rightToWrong: b[t],
      wrongToRight: c[t],
      p: p[j],
      q: q[j],
      lost: q[j] <= fdr && change < 0,
    };
  });
}

/** A test row the original gets right and variants get wrong in most of the cells that measured it. */
export interface ForgottenItem {
  row: number;
  label: number;
  /** Cells (seeds or sweep points) where the original was right and the variant wrong, of those compared. */
  forgotten: number;
  of: number;
  /** The class the variants predicted most often on it. */
  predicted: number;
}

/**
 * Forgotten exemplars of one variant over its cells (one per seed or sweep point): rows where,
 * in more than half of the cells, the cell's own original was right and the variant wrong. Each
 * pair holds the original's and the variant's predictions on the same rows. Sorted by how often.
 */
export function forgottenItems(y: Int32Array, pairs: readonly { original: Int32Array; variant: Int32Array }[]): ForgottenItem[] {
  const out: ForgottenItem[] = [];
  for (let i = 0; i < y.length; i++) {
    let forgotten = 0;
    const votes = new Map<number, number>();
    for (const { original, variant } of pairs) {
      if (original[i] === y[i] && variant[i] !== y[i]) {
        forgotten++;
        votes.set(variant[i], (votes.get(variant[i]) ?? 0) + 1);
      }
    }
    if (forgotten * 2 > pairs.length) {
      const predicted = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
      out.push({ row: i, label: y[i], forgotten, of: pairs.length, predicted });
    }
  }
  return out.sort((a, b) => b.forgotten / b.of - a.forgotten / a.of || a.row - b.row);
}
