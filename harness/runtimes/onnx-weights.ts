import { float16ToFloat32, float32ToFloat16 } from '../engine/weight-codec.js';
import { int, type OnnxGraph } from './onnx-graph.js';

/** One float32 initializer of an ONNX graph, with where its input axis lies for its consumer. */
export interface OnnxWeight {
  name: string;
  dims: number[];
  values: Float32Array;
  /**
   * The axis its consumer reduces over (the input features or channels): MatMul's B `[.., in, out]`
   * rank−2, Gemm's B `[out, in]` with transB 1 else `[in, out]`, Conv's W `[out, in, kh, kw]` 1,
   * ConvTranspose's W `[in, out, kh, kw]` 0; rank−2 for any other consumer.
   */
  inputAxis: number;
}

/**
 * How a rewritten weight is stored: `float16` as a FLOAT16 initializer behind a Cast to float;
 * `affine` as uint8 codes of `bits` (2..8) behind a DequantizeLinear with a per-tensor scale and
 * a zero point that makes 0 exact. Both are standard ops that onnxruntime's CPU provider runs.
 */
export type OnnxStorage = { kind: 'float16' } | { kind: 'affine'; bits: number };

/** New values and/or a storage for a weight; undefined leaves it as it is. */
export type OnnxWeightRewrite = (w: OnnxWeight) => { values?: Float32Array; storage?: OnnxStorage } | undefined;

/** Affine codes of `values` on `2^bits` levels: `value ≈ (code − zeroPoint) · scale`, with 0 exact. */
export function affineCodes(values: Float32Array, bits: number): { codes: Uint8Array; scale: number; zeroPoint: number } {
  const top = 2 ** bits - 1;
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const scale = hi > lo ? (hi - lo) / top : 1;
  const zeroPoint = Math.max(0, Math.min(top, Math.round(-lo / scale)));
  const codes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = Math.max(0, Math.min(top, Math.round(values[i] / scale) + zeroPoint));
  return { codes, scale, zeroPoint };
}

/** The float32 initializers of `g` with the input axis their first consumer gives them. */
export function onnxWeights(g: OnnxGraph): OnnxWeight[] {
  const axisOf = new Map<string, number>();
  for (const n of g.nodes) {
    const w = n.inputs[1];
    if (w === undefined || axisOf.has(w)) continue;
    const rank = g.initializers.get(w)?.dims.length ?? 0;
    if (n.opType === 'Gemm') axisOf.set(w, 'transB' in n.attrs && (n.attrs.transB as { i: number }).i === 1 ? 1 : 0);
    else if (n.opType === 'Conv') axisOf.set(w, 1);
    else if (n.opType === 'ConvTranspose') axisOf.set(w, 0);
    else axisOf.set(w, rank - 2);
  }
  const out: OnnxWeight[] = [];
  for (const [name, t] of g.initializers) {
    if (t.type !== 'float' || t.proto) continue;
    out.push({ name, dims: t.dims, values: t.values as Float32Array, inputAxis: axisOf.get(name) ?? t.dims.length - 2 });
  }
  return out;
}

/**
 * Rewrites the float32 initializers of `g` in place: new values replace the old, and a storage
 * turns the initializer into a smaller one plus the node that decodes it (first in the node list,
 * output under the weight's own name, so its consumers are unchanged). Returns the names rewritten
 * with the values the model now computes with.
 */
export function rewriteOnnxWeights(g: OnnxGraph, rewrite: OnnxWeightRewrite): Map<string, Float32Array> {
  const decoders: OnnxGraph['nodes'] = [];
  const done = new Map<string, Float32Array>();
  for (const w of onnxWeights(g)) {
    const change = rewrite(w);
    if (!change) continue;
    let values = change.values ?? w.values;
    const storage = change.storage;
    if (!storage) {
      g.initializers.set(w.name, { type: 'float', dims: w.dims, values });
    } else if (storage.kind === 'float16') {
      const half = float32ToFloat16(values);
      g.initializers.delete(w.name);
      const stored = g.tensor(`${w.name}_fp16`, { type: 'float16', dims: w.dims, values: half });
      decoders.push({ opType: 'Cast', inputs: [stored], outputs: [w.name], attrs: { to: int(1) } });
      values = float16ToFloat32(half);
    } else {
      const c = affineCodes(values, storage.bits);
      g.initializers.delete(w.name);
      const codes = g.tensor(`${w.name}_q`, { type: 'uint8', dims: w.dims, values: c.codes });
      const scale = g.constant(`${w.name}_scale`, [c.scale], []);
      const zp = g.tensor(`${w.name}_zp`, { type: 'uint8', dims: [], values: Uint8Array.of(c.zeroPoint) });
      decoders.push({ opType: 'DequantizeLinear', inputs: [codes, scale, zp], outputs: [w.name], attrs: {} });
      values = Float32Array.from(c.codes, (q) => (q - c.zeroPoint) * Math.fround(c.scale));
    }
    done.set(w.name, values);
  }
  g.nodes.unshift(...decoders);
  return done;
}
