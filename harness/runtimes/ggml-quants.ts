import { float16ToFloat32, float32ToFloat16 } from '../engine/weight-codec.js';

/**
 * ggml's reference block quantizers (ggml-quants.c, `quantize_row_q8_0_ref` /
 * `quantize_row_q4_0_ref`), byte-for-byte:
 * - Q8_0: blocks of 32 values → f16 scale d = max|x| / 127, then 32 int8 q = round(x / d)
 *   (half away from zero). 34 bytes a block.
 * - Q4_0: blocks of 32 → d = m / −8 where m is the value of largest magnitude (keeping its sign),
 *   then 16 bytes of nibbles q = min(15, trunc(x / d + 8.5)); byte j holds element j in its low
 *   nibble and element j + 16 in its high nibble. 18 bytes a block.
 * The reciprocal 1/d is taken of the f32 scale, before it is rounded to f16, as ggml does.
 */
const QK = 32;

const halfOf = (v: number): number => float32ToFloat16(Float32Array.of(v))[0];
const f32 = (v: number): number => Math.fround(v);

function blocks(values: Float32Array): number {
  if (values.length % QK !== 0) throw new Error(`block quantization needs a multiple of ${QK} values; got ${values.length}`);
  return values.length / QK;
}

/** Q8_0 encoding of `values` (length a multiple of 32). */
export function quantizeQ8_0(values: Float32Array): Uint8Array {
  const nb = blocks(values);
  const out = new Uint8Array(nb * 34);
  const view = new DataView(out.buffer);
  for (let b = 0; b < nb; b++) {
    let amax = 0;
    for (let j = 0; j < QK; j++) amax = Math.max(amax, Math.abs(values[b * QK + j]));
    const d = f32(amax / 127);
    const id = d ? f32(1 / d) : 0;
    view.setUint16(b * 34, halfOf(d), true);
    for (let j = 0; j < QK; j++) {
      const x = f32(values[b * QK + j] * id);
      view.setInt8(b * 34 + 2 + j, Math.sign(x) * Math.round(Math.abs(x)));
    }
  }
  return out;
}

/** Q4_0 encoding of `values` (length a multiple of 32). */
export function quantizeQ4_0(values: Float32Array): Uint8Array {
  const nb = blocks(values);
  const out = new Uint8Array(nb * 18);
  const view = new DataView(out.buffer);
  for (let b = 0; b < nb; b++) {
    let amax = 0;
    let max = 0;
    for (let j = 0; j < QK; j++) {
      const v = values[b * QK + j];
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = f32(max / -8);
    const id = d ? f32(1 / d) : 0;
    view.setUint16(b * 18, halfOf(d), true);
    for (let j = 0; j < QK / 2; j++) {
      const lo = Math.min(15, Math.trunc(f32(f32(values[b * QK + j] * id) + 8.5)));
      const hi = Math.min(15, Math.trunc(f32(f32(values[b * QK + j + QK / 2] * id) + 8.5)));
      out[b * 18 + 2 + j] = lo | (hi << 4);
    }
  }
  return out;
}

const scaleAt = (bytes: Uint8Array, at: number): number => float16ToFloat32(Uint16Array.of(bytes[at] | (bytes[at + 1] << 8)))[0];

/** Values of Q8_0 blocks (d · q). */
export function dequantizeQ8_0(bytes: Uint8Array): Float32Array {
  const out = new Float32Array((bytes.length / 34) * QK);
  for (let b = 0; b < bytes.length / 34; b++) {
    const d = scaleAt(bytes, b * 34);
    for (let j = 0; j < QK; j++) out[b * QK + j] = d * ((bytes[b * 34 + 2 + j] << 24) >> 24);
  }
  return out;
}

/** Values of Q4_0 blocks (d · (q − 8)). */
export function dequantizeQ4_0(bytes: Uint8Array): Float32Array {
  const out = new Float32Array((bytes.length / 18) * QK);
  for (let b = 0; b < bytes.length / 18; b++) {
    const d = scaleAt(bytes, b * 18);
    for (let j = 0; j < QK / 2; j++) {
      const q = bytes[b * 18 + 2 + j];
      out[b * QK + j] = d * ((q & 0x0f) - 8);
      out[b * QK + j + QK / 2] = d * ((q >> 4) - 8);
    }
  }
  return out;
}
