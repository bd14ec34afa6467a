import { argmaxRows } from '../measure/quality.js';

/** How far a runtime's outputs are from the reference runtime's (tfjs) on the same rows. */
export interface ParityFigures {
  rows: number;
  /** Share of rows whose predicted class is the same. */
  agreement: number;
  /** Largest |Δ probability| over every row and class. */
  maxAbsDiff: number;
}

/** Parity bounds an fp32 export must meet: at most 0.1% of rows disagree, no probability moves more than 1e-3. */
export const FP32_PARITY = { maxDisagreement: 0.001, maxAbsDiff: 1e-3 } as const;

/** Agreement and max |Δ| of two row-major `[rows, classes]` probability arrays. */
export function parityOf(reference: Float32Array, candidate: Float32Array, classes: number): ParityFigures {
  if (reference.length !== candidate.length)
    throw new Error(`parity: ${reference.length} reference values vs ${candidate.length} candidate values`);
  const rows = reference.length / classes;
  const a = argmaxRows(reference, classes);
  const b = argmaxRows(candidate, classes);
  let same = 0;
  for (let r = 0; r < rows; r++) if (a[r] === b[r]) same++;
  let maxAbsDiff = 0;
  for (let i = 0; i < reference.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(reference[i] - candidate[i]));
  return { rows, agreement: rows === 0 ? 1 : same / rows, maxAbsDiff };
}

/** True when an fp32 export's parity is within {@link FP32_PARITY}. */
export function fp32ParityHolds(p: ParityFigures): boolean {
  // The tolerance keeps exactly 0.1% (1 − 0.999 is a hair above 0.001 in floating point) inside the bound.
  return 1 - p.agreement <= FP32_PARITY.maxDisagreement + 1e-12 && p.maxAbsDiff <= FP32_PARITY.maxAbsDiff;
}
