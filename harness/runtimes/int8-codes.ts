/** Symmetric int8 codes of `values` (zero point 0, codes in −127..127) with one scale per group. */
export interface SymmetricCodes {
  codes: Int8Array;
  scales: Float32Array;
}

/**
 * Symmetric int8 quantization of a row-major `[rows, cols]` matrix: one scale for the whole
 * tensor, or (`perColumn`) one per column; `axis0` groups by the first axis instead (conv
 * kernels `[out, ...]`).
 */
export function symmetricInt8(values: Float32Array, groups: number, groupOf: (i: number) => number): SymmetricCodes {
  const max = new Float32Array(groups);
  for (let i = 0; i < values.length; i++) max[groupOf(i)] = Math.max(max[groupOf(i)], Math.abs(values[i]));
  const scales = max.map((m) => (m > 0 ? m / 127 : 1));
  const codes = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = Math.max(-127, Math.min(127, Math.round(values[i] / scales[groupOf(i)])));
  return { codes, scales };
}

/** Affine uint8 codes of a whole tensor: `value ≈ (code − zeroPoint) · scale`, with 0 exact. */
export function affineUint8(values: Float32Array): { codes: Uint8Array; scale: number; zeroPoint: number } {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const scale = hi > lo ? (hi - lo) / 255 : 1;
  const zeroPoint = Math.max(0, Math.min(255, Math.round(-lo / scale)));
  const codes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = Math.max(0, Math.min(255, Math.round(values[i] / scale) + zeroPoint));
  return { codes, scale, zeroPoint };
}

/** Scale and int8 zero point of an activation range (widened to hold 0, as ONNX requires). */
export function int8Range(min: number, max: number): { scale: number; zeroPoint: number } {
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  const scale = hi > lo ? (hi - lo) / 255 : 1;
  return { scale, zeroPoint: Math.max(-128, Math.min(127, Math.round(-128 - lo / scale))) };
}
