import { floatConstant } from './onnx-quantize-select.js';
import type { OnnxGraph } from './onnx-graph.js';

const attr = (attrs: Record<string, unknown>, name: string, fallback: number): number =>
  name in attrs ? ((attrs[name] as { i?: number; f?: number }).i ?? (attrs[name] as { f: number }).f) : fallback;

/**
 * Rewrites every Gemm on a constant weight (alpha 1, beta 1, transA 0; PyTorch's nn.Linear export)
 * as MatMul on `[in, out]` (the weight transposed when transB is 1) followed by Add of the bias,
 * the form the integer passes quantize. Returns the nodes rewritten.
 */
export function gemmToMatMul(g: OnnxGraph): number {
  let rewritten = 0;
  g.rewrite((n) => {
    if (n.opType !== 'Gemm' || n.inputs[1] === undefined) return false;
    const w = floatConstant(g, n.inputs[1]);
    if (!w || w.dims.length !== 2 || attr(n.attrs, 'alpha', 1) !== 1 || attr(n.attrs, 'beta', 1) !== 1 || attr(n.attrs, 'transA', 0) !== 0)
      return false;
    const y = n.outputs[0];
    let b = n.inputs[1];
    if (attr(n.attrs, 'transB', 0) === 1) {
      const [rows, cols] = w.dims;
      const t = new Float32Array(w.values.length);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = w.values[r * cols + c];
      b = g.constant(`${n.inputs[1]}_t`, t, [cols, rows]);
    }
    const bias = n.inputs[2];
    if (bias === undefined || bias === '') g.opNamed('MatMul', [n.inputs[0], b], y);
    else g.opNamed('Add', [g.op('MatMul', [n.inputs[0], b], {}, `${y}_mm`), bias], y);
    rewritten++;
    return true;
  });
  const read = new Set(g.nodes.flatMap((n) => n.inputs));
  for (const name of [...g.initializers.keys()]) if (!read.has(name) && !g.outputs.includes(name)) g.initializers.delete(name);
  return rewritten;
}
