import { symmetricInt8, affineUint8 } from './int8-codes.js';
import { int, type OnnxGraph } from './onnx-graph.js';
import { dropUnused, floatConstant, selectQuantizable, type OpSelection, type QuantizedOps } from './onnx-quantize-select.js';

/** Options of the integer passes. */
export interface WeightQuantOptions extends OpSelection {
  /** One weight scale per output channel instead of per tensor. */
  perChannel: boolean;
}

/**
 * Dynamic int8 quantization, as onnxruntime's `quantize_dynamic` writes it: every selected MatMul
 * on a constant weight becomes DynamicQuantizeLinear (activations to uint8 at run time) →
 * MatMulInteger with int8 weights → Cast → Mul by the two scales, which onnxruntime fuses into
 * com.microsoft DynamicQuantizeMatMul (bias folded in; VNNI on CPUs that have it); every selected
 * Conv becomes ConvInteger with uint8 weights (onnxruntime's CPU ConvInteger takes uint8 only).
 * Returns what was quantized and what stayed float32.
 */
export function quantizeDynamic(g: OnnxGraph, opts: WeightQuantOptions): QuantizedOps {
  const { targets, ops } = selectQuantizable(g, opts);
  const chosen = new Set(targets);
  const quantized = new Map<string, string[]>();
  const activation = (x: string): string[] => {
    let q = quantized.get(x);
    if (!q) quantized.set(x, (q = g.opMulti('DynamicQuantizeLinear', [x], 3, {}, `${x}_dq`)));
    return q;
  };
  g.rewrite((n) => {
    if (!chosen.has(n)) return false;
    const w = floatConstant(g, n.inputs[1])!;
    const [xq, xs, xzp] = activation(n.inputs[0]);
    const y = n.outputs[0];
    let acc: string;
    let scale: string;
    if (n.opType === 'MatMul') {
      const cols = w.dims[1];
      const c = symmetricInt8(w.values, opts.perChannel ? cols : 1, opts.perChannel ? (i) => i % cols : () => 0);
      const wq = g.tensor(`${y}_wq`, { type: 'int8', dims: w.dims, values: c.codes });
      const wzp = g.tensor(`${y}_wzp`, {
        type: 'int8',
        dims: opts.perChannel ? [cols] : [],
        values: new Int8Array(opts.perChannel ? cols : 1),
      });
      acc = g.op('MatMulInteger', [xq, wq, xzp, wzp], {}, `${y}_int`);
      scale = g.op('Mul', [xs, g.constant(`${y}_ws`, c.scales, opts.perChannel ? [cols] : [])], {}, `${y}_scale`);
    } else {
      const c = affineUint8(w.values);
      const wq = g.tensor(`${y}_wq`, { type: 'uint8', dims: w.dims, values: c.codes });
      const wzp = g.tensor(`${y}_wzp`, { type: 'uint8', dims: [], values: Uint8Array.of(c.zeroPoint) });
      acc = g.op('ConvInteger', [xq, wq, xzp, wzp], n.attrs, `${y}_int`);
      scale = g.op('Mul', [xs, g.constant(`${y}_ws`, [c.scale], [])], {}, `${y}_scale`);
    }
    const real = g.op('Cast', [acc], { to: int(1) }, `${y}_float`);
    const bias = n.opType === 'Conv' && n.inputs[2] !== undefined ? floatConstant(g, n.inputs[2]) : undefined;
    if (bias) {
      const scaled = g.op('Mul', [real, scale], {}, `${y}_scaled`);
      g.opNamed('Add', [scaled, g.constant(`${y}_bias`, bias.values, [bias.values.length, 1, 1])], y);
    } else {
      g.opNamed('Mul', [real, scale], y);
    }
    return true;
  });
  dropUnused(g);
  return ops;
}
