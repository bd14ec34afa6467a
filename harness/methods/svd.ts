import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/** A thin singular value decomposition W = U·diag(s)·Vᵀ of a `rows × cols` matrix. */
export interface Svd {
  rows: number;
  cols: number;
  /** Singular values, descending; min(rows, cols) of them. */
  singular: number[];
  u: Matrix;
  v: Matrix;
}

/** How the kept rank is chosen: an absolute rank, a share of min(rows, cols), or retained energy. */
export type RankRule = { rank: number } | { rankFraction: number } | { energy: number };

/** SVD of the row-major matrix `values` (`rows × cols`). */
export function svd(values: Float32Array, rows: number, cols: number): Svd {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, values[i * cols + j]);
  const d = new SingularValueDecomposition(m, { autoTranspose: true });
  return { rows, cols, singular: d.diagonal, u: d.leftSingularVectors, v: d.rightSingularVectors };
}

/**
 * The rank a rule keeps for these singular values: `rank` as given, `rankFraction` of the
 * number of singular values (at least 1), or the smallest rank whose retained energy
 * Σ_{i<r} sᵢ² / Σ sᵢ² reaches `energy`.
 */
export function chooseRank(singular: number[], rule: RankRule): number {
  if ('rank' in rule) return rule.rank;
  if ('rankFraction' in rule) return Math.max(1, Math.round(rule.rankFraction * singular.length));
  const total = singular.reduce((a, s) => a + s * s, 0);
  if (total === 0) return 1;
  let kept = 0;
  for (let r = 0; r < singular.length; r++) {
    kept += singular[r] * singular[r];
    // The tolerance keeps energy 1 reachable despite rounding in the sums.
    if (kept / total >= rule.energy - 1e-12) return r + 1;
  }
  return singular.length;
}

/** Share of the squared Frobenius norm that truncating to rank `r` discards. */
export function discardedEnergy(singular: number[], r: number): number {
  const total = singular.reduce((a, s) => a + s * s, 0);
  const dropped = singular.slice(r).reduce((a, s) => a + s * s, 0);
  return total === 0 ? 0 : dropped / total;
}

/**
 * The rank-`r` factors A (`rows × r`) = U_r·√S_r and B (`r × cols`) = √S_r·V_rᵀ, row-major, so
 * that A·B is the best rank-r approximation of W. Splitting √S between the two keeps both
 * factors on the same scale.
 */
export function lowRankFactors(d: Svd, r: number): { a: Float32Array; b: Float32Array } {
  const a = new Float32Array(d.rows * r);
  const b = new Float32Array(r * d.cols);
  for (let k = 0; k < r; k++) {
    const root = Math.sqrt(d.singular[k]);
    for (let i = 0; i < d.rows; i++) a[i * r + k] = d.u.get(i, k) * root;
    for (let j = 0; j < d.cols; j++) b[k * d.cols + j] = d.v.get(j, k) * root;
  }
  return { a, b };
}
