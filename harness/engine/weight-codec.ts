/**
 * Pure weight codecs matching what stock tfjs decodes (`tfjs-core/src/io/io_utils.ts`,
 * `decodeWeight`): affine `uint8`/`uint16` codes read back as `code * scale + min` (computed in
 * double precision, stored as float32), and IEEE 754 half floats read back exactly. Compression
 * methods use {@link roundTrip} to see the weights a loaded artifact will have.
 */

/** How one weight tensor is stored in the artifact (absent: float32). */
export interface WeightEncoding {
  dtype: 'uint8' | 'uint16' | 'float16';
  /** For uint8 codes restricted to 2^bits levels (bits < 8). */
  bits?: number;
}

/** The `quantization` entry of a tfjs weights-manifest entry. */
export interface ManifestQuantization {
  dtype: 'uint8' | 'uint16' | 'float16';
  scale?: number;
  min?: number;
}

/** Affine codes of a tensor: value ≈ `codes[i] * scale + min`. */
export interface AffineCodes {
  codes: Uint8Array | Uint16Array;
  scale: number;
  min: number;
}

/** The bytes of one encoded weight and the manifest entry that tells tfjs how to decode them. */
export interface EncodedWeight {
  bytes: Uint8Array;
  quantization: ManifestQuantization;
}

/** Bytes one value takes on disk under `encoding` (float32 when absent). */
export function bytesPerValue(encoding?: WeightEncoding): number {
  if (encoding === undefined) return 4;
  return encoding.dtype === 'uint8' ? 1 : 2;
}

/**
 * Number of code levels an affine encoding may use: 2^bits, where `bits` defaults to the width of
 * the dtype (8 or 16). Throws a RangeError for float16 with `bits` or bits outside 1..width.
 */
export function codeLevels(encoding: WeightEncoding): number {
  if (encoding.dtype === 'float16') {
    if (encoding.bits !== undefined)
      throw new RangeError(`float16 encoding takes no 'bits' (got ${encoding.bits}); use uint8 with bits for fewer levels`);
    return 65536;
  }
  const width = encoding.dtype === 'uint8' ? 8 : 16;
  const bits = encoding.bits ?? width;
  if (!Number.isInteger(bits) || bits < 1 || bits > width) {
    throw new RangeError(`${encoding.dtype} encoding needs integer bits in 1..${width} (got ${bits})`);
  }
  return 2 ** bits;
}

/**
 * Scale and min for `levels` codes covering [lo, hi]. When the range holds 0, min is nudged to a
 * whole multiple of scale (as the tfjs converter and TFLite do), so 0.0 decodes to exactly 0:
 * pruned weights stay pruned. A constant tensor gets scale 1 and min = the constant.
 */
export function affineRange(lo: number, hi: number, levels: number): { scale: number; min: number } {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError(`cannot quantize non-finite values (range ${lo}..${hi})`);
  if (hi === lo) return { scale: 1, min: lo };
  const scale = (hi - lo) / (levels - 1);
  if (lo > 0 || hi < 0) return { scale, min: lo };
  const zeroCode = Math.round(-lo / scale);
  // (-z) * scale rounds to exactly -(z * scale), so the decoder's z * scale + min is exactly 0.
  return { scale, min: -zeroCode * scale };
}

/** Affine-quantizes `values` to `levels` codes (at most 65536) of the given storage dtype. */
export function quantizeAffine(
  values: Float32Array,
  dtype: 'uint8' | 'uint16',
  levels: number = dtype === 'uint8' ? 256 : 65536,
): AffineCodes {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (values.length === 0) lo = hi = 0;
  const { scale, min } = affineRange(lo, hi, levels);
  const codes = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  const top = levels - 1;
  for (let i = 0; i < values.length; i++) {
    const c = Math.round((values[i] - min) / scale);
    codes[i] = c < 0 ? 0 : c > top ? top : c;
  }
  return { codes, scale, min };
}

/** Decodes affine codes exactly as tfjs does on load (double arithmetic, float32 result). */
export function dequantizeAffine(codes: Uint8Array | Uint16Array, scale: number, min: number): Float32Array {
  const out = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codes[i] * scale + min;
  return out;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function halfBits(v: number): number {
  f32[0] = v;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 112; // rebias 127 -> 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const tie = 1 << (shift - 1);
    if (rest > tie || (rest === tie && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half++;
  return sign | half;
}

/** IEEE 754 binary16 bit patterns of `values`, rounded to nearest even (overflow gives ±Infinity). */
export function float32ToFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = halfBits(values[i]);
  return out;
}

/** Float32 values of binary16 bit patterns (exact; same results as tfjs's float16 decoder). */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const sign = h & 0x8000 ? -1 : 1;
    const e = (h >>> 10) & 0x1f;
    const m = h & 0x3ff;
    if (e === 0) out[i] = sign * m * 2 ** -24;
    else if (e === 0x1f) out[i] = m !== 0 ? NaN : sign * Infinity;
    else out[i] = sign * (1024 + m) * 2 ** (e - 25);
  }
  return out;
}

/** Encodes float32 `values` for the artifact: the stored bytes and their manifest `quantization`. */
export function encodeValues(values: Float32Array, encoding: WeightEncoding): EncodedWeight {
  const levels = codeLevels(encoding);
  if (encoding.dtype === 'float16') {
    const half = float32ToFloat16(values);
    return { bytes: new Uint8Array(half.buffer), quantization: { dtype: 'float16' } };
  }
  const { codes, scale, min } = quantizeAffine(values, encoding.dtype, levels);
  return { bytes: new Uint8Array(codes.buffer), quantization: { dtype: encoding.dtype, scale, min } };
}

/** The float32 values a model loaded from an artifact written with `encoding` will hold. */
export function roundTrip(values: Float32Array, encoding: WeightEncoding): Float32Array {
  if (encoding.dtype === 'float16') {
    codeLevels(encoding);
    return float16ToFloat32(float32ToFloat16(values));
  }
  const { codes, scale, min } = quantizeAffine(values, encoding.dtype, codeLevels(encoding));
  return dequantizeAffine(codes, scale, min);
}
