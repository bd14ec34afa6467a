import { int8Range, symmetricInt8 } from './int8-codes.js';
import { calibrateRanges, type CalibrationOptions } from './onnx-calibrate.js';
import { int, type Attr, type OnnxGraph } from './onnx-graph.js';
import type { WeightQuantOptions } from './onnx-quantize-dynamic.js';
import { dropUnused, floatConstant, selectQuantizable, type QuantizedOps } from './onnx-quantize-select.js';

/**
 * Static int8 quantization in QDQ form with S8S8 (int8 activations and weights, as onnxruntime
 * recommends on x86): around every selected MatMul on a constant weight and Conv, the input and the
 * output get QuantizeLinear → DequantizeLinear pairs with ranges calibrated on `rows`, the weight
 * is stored as int8 codes behind a DequantizeLinear (per tensor, or per output channel), and a
 * Conv's bias as int32 at the input × weight scale. onnxruntime fuses each DQ → op → Q into
 * QLinearMatMul / QLinearConv. Returns what was quantized and what stayed float32.
 */
export async function quantizeStatic(
  g: OnnxGraph,
  rows: Float32Array,
  n: number,
  opts: WeightQuantOptions & CalibrationOptions,
): Promise<QuantizedOps> {
  const { targets, ops } = selectQuantizable(g, opts);
  const ranges = await calibrateRanges(g, [...new Set(targets.flatMap((t) => [t.inputs[0], t.outputs[0]]))], rows, n, opts);
  const dequantized = new Map<string, { value: string; scale: number }>();
  const qdq = (x: string, into?: string): { value: string; scale: number } => {
    const hit = dequantized.get(x);
    if (hit && !into) return hit;
    const [lo, hi] = ranges.get(x)!;
    const r = int8Range(lo, hi);
    const s = g.constant(`${x}_scale`, [r.scale], []);
    const zp = g.tensor(`${x}_zp`, { type: 'int8', dims: [], values: Int8Array.of(r.zeroPoint) });
    const q = g.op('QuantizeLinear', [x, s, zp], {}, `${x}_q`);
    const value = into ? g.opNamed('DequantizeLinear', [q, s, zp], into) : g.op('DequantizeLinear', [q, s, zp], {}, `${x}_dq`);
    const out = { value, scale: r.scale };
    if (!into) dequantized.set(x, out);
    return out;
  };
  const chosen = new Set(targets);
  g.rewrite((node) => {
    if (!chosen.has(node)) return false;
    const y = node.outputs[0];
    const w = floatConstant(g, node.inputs[1])!;
    const x = qdq(node.inputs[0]);
    const conv = node.opType === 'Conv';
    const groups = opts.perChannel ? w.dims[conv ? 0 : 1] : 1;
    const perOut = conv ? w.values.length / w.dims[0] : 1;
    const c = symmetricInt8(w.values, groups, !opts.perChannel ? () => 0 : conv ? (i) => Math.floor(i / perOut) : (i) => i % w.dims[1]);
    const axis: Record<string, Attr> = opts.perChannel ? { axis: int(conv ? 0 : 1) } : {};
    const wq = g.tensor(`${y}_wq`, { type: 'int8', dims: w.dims, values: c.codes });
    const scaleDims = opts.perChannel ? [groups] : [];
    const ws = g.constant(`${y}_ws`, c.scales, scaleDims);
    const wzp = g.tensor(`${y}_wzp`, { type: 'int8', dims: scaleDims, values: new Int8Array(groups) });
    const inputs = [x.value, g.op('DequantizeLinear', [wq, ws, wzp], axis, `${y}_w`)];
    const bias = conv && node.inputs[2] !== undefined ? floatConstant(g, node.inputs[2]) : undefined;
    if (bias) {
      const cout = bias.values.length;
      const bs = Float32Array.from({ length: cout }, (_, o) => x.scale * c.scales[opts.perChannel ? o : 0]);
      const bq = Int32Array.from(bias.values, (v, o) => Math.round(v / bs[o]));
      const bScale = g.constant(`${y}_bs`, opts.perChannel ? bs : [bs[0]], scaleDims);
      const bzp = g.tensor(`${y}_bzp`, { type: 'int32', dims: scaleDims, values: new Int32Array(groups) });
      inputs.push(
        g.op('DequantizeLinear', [g.tensor(`${y}_bq`, { type: 'int32', dims: [cout], values: bq }), bScale, bzp], axis, `${y}_b`),
      );
    }
    const raw = g.op(node.opType, inputs, node.attrs, `${y}_raw`);
    ranges.set(raw, ranges.get(y)!);
    qdq(raw, y);
    return true;
  });
  dropUnused(g);
  return ops;
}
