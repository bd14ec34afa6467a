/** Paired comparison of a variant's predictions with the original's on the same rows. */
export interface PairedFigures {
  /** Share of rows where both predict the same class. */
  fidelity: number;
  /** Rows the original got right and the variant wrong. */
  rightToWrong: number;
  /** Rows the original got wrong and the variant right. */
  wrongToRight: number;
  /** Exact two-sided McNemar p-value on the discordant pairs. */
  mcnemarP: number;
}

/** Fidelity, flips and McNemar's exact test between two prediction vectors. */
export function pairedFigures(y: ArrayLike<number>, original: ArrayLike<number>, variant: ArrayLike<number>): PairedFigures {
  let same = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < y.length; i++) {
    if (original[i] === variant[i]) same++;
    const o = original[i] === y[i];
    const v = variant[i] === y[i];
    if (o && !v) b++;
    else if (!o && v) c++;
  }
  return { fidelity: y.length ? same / y.length : 1, rightToWrong: b, wrongToRight: c, mcnemarP: mcnemarExact(b, c) };
}

/**
 * Exact McNemar test: under the null the b discordant pairs of n = b + c follow Binomial(n, 1/2);
 * p = min(1, 2 · P(X <= min(b, c))). Terms are built by exact-as-possible multiplication from
 * 2^-n; beyond n = 1000, where 2^-n underflows, in log space.
 */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  let sum: number;
  if (n <= 1000) {
    let term = 2 ** -n;
    sum = term;
    for (let i = 1; i <= k; i++) {
      term = (term * (n - i + 1)) / i;
      sum += term;
    }
  } else {
    let logTerm = -n * Math.LN2;
    sum = Math.exp(logTerm);
    for (let i = 1; i <= k; i++) {
      logTerm += Math.log(n - i + 1) - Math.log(i);
      sum += Math.exp(logTerm);
    }
  }
  return Math.min(1, 2 * sum);
}
