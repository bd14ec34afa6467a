import { symmetricInt8, affineUint8 } from './int8-codes.js';
import { int, type GraphNode, type OnnxGraph } from './onnx-graph.js';

/** Options of the integer passes. */
export interface WeightQuantOptions {
  /** One weight scale per output channel instead of per tensor. */
  perChannel: boolean;
}

/** The float32 constant behind a node input, when it is one. */
export function floatConstant(g: OnnxGraph, name: string): { values: Float32Array; dims: number[] } | undefined {
  const t = g.initializers.get(name);
  return t && t.type === 'float' ? { values: t.values as Float32Array, dims: t.dims } : undefined;
}

/**
 * Dynamic int8 quantization, as onnxruntime's `quantize_dynamic` writes it: every MatMul on a
 * constant weight becomes DynamicQuantizeLinear (activations to uint8 at run time) → MatMulInteger
 * with int8 weights → Cast → Mul by the two scales, which onnxruntime fuses into
 * DynamicQuantizeMatMul (VNNI on CPUs that have it); every Conv becomes ConvInteger with uint8
 * weights (onnxruntime's CPU ConvInteger takes uint8 only). Returns the nodes replaced.
 */
export function quantizeDynamic(g: OnnxGraph, opts: WeightQuantOptions): number {
  const quantized = new Map<string, string[]>();
  const activation = (x: string): string[] => {
    let q = quantized.get(x);
    if (!q) quantized.set(x, (q = g.opMulti('DynamicQuantizeLinear', [x], 3, {}, `${x}_dq`)));
    return q;
  };
  let replaced = 0;
  g.rewrite((n: GraphNode) => {
    const w = n.inputs[1] !== undefined ? floatConstant(g, n.inputs[1]) : undefined;
    if (!w || (n.opType !== 'MatMul' && n.opType !== 'Conv') || (n.opType === 'MatMul' && w.dims.length !== 2)) return false;
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
    replaced++;
    return true;
  });
  dropUnused(g);
  return replaced;
}

/** Removes constants no node reads any more (the float weights a pass replaced). */
export function dropUnused(g: OnnxGraph): void {
  const read = new Set(g.nodes.flatMap((n) => n.inputs));
  for (const name of [...g.initializers.keys()]) if (!read.has(name)) g.initializers.delete(name);
}
