import type { GraphNode, OnnxGraph } from './onnx-graph.js';

/** The float32 constant behind a node input, when it is one. */
export function floatConstant(g: OnnxGraph, name: string): { values: Float32Array; dims: number[] } | undefined {
  const t = g.initializers.get(name);
  return t && t.type === 'float' ? { values: t.values as Float32Array, dims: t.dims } : undefined;
}

/** Removes constants no node reads any more (the float weights a pass replaced). */
export function dropUnused(g: OnnxGraph): void {
  const read = new Set(g.nodes.flatMap((n) => n.inputs));
  for (const name of [...g.initializers.keys()]) if (!read.has(name)) g.initializers.delete(name);
}

/** The op kinds the integer passes can quantize. */
export const QUANTIZABLE_OPS = ['matmul', 'conv'] as const;
export type QuantizableOp = (typeof QUANTIZABLE_OPS)[number];

/** Which MatMul / Conv nodes an integer pass quantizes. */
export interface OpSelection {
  /** Op kinds to quantize; the others stay float32. */
  ops: readonly QuantizableOp[];
  /**
   * Nodes with fewer multiply-adds than this per output (a MatMul's inner dimension, a Conv's
   * input channels × kernel area) or per input value (a MatMul's columns, a Conv's output
   * channels × kernel area) stay float32: quantizing each input value and rescaling each output
   * then cost more than the int8 arithmetic saves.
   */
  minDim: number;
}

/** What a pass quantized and what it left in float32 (and why), for the record. */
export interface QuantizedOps {
  /** Quantized nodes per ONNX op type, e.g. `{ MatMul: 2 }`. */
  quantized: Record<string, number>;
  /** Nodes left float32, each as `<output> (<OpType>, <reason>)`. */
  keptFloat: string[];
}

/**
 * Multiply-adds per output and per input value of a MatMul on a `[K, N]` weight (K and N) or a
 * Conv on an `[out, in / group, kh, kw]` one (in × kh × kw and out × kh × kw, at stride 1).
 */
function fan(n: GraphNode, dims: number[]): { perOutput: number; perInput: number } {
  if (n.opType === 'MatMul') return { perOutput: dims[0], perInput: dims[1] };
  const area = dims.slice(2).reduce((a, b) => a * b, 1);
  const groups = n.attrs.group && 'i' in n.attrs.group ? n.attrs.group.i : 1;
  return { perOutput: dims[1] * area, perInput: (dims[0] / groups) * area };
}

/**
 * The MatMul nodes on a constant 2-D weight and the Conv nodes on a constant weight that `sel`
 * admits, in graph order, with the account of what was chosen.
 */
export function selectQuantizable(g: OnnxGraph, sel: OpSelection): { targets: GraphNode[]; ops: QuantizedOps } {
  const targets: GraphNode[] = [];
  const ops: QuantizedOps = { quantized: {}, keptFloat: [] };
  for (const n of g.nodes) {
    const w = n.inputs[1] !== undefined ? floatConstant(g, n.inputs[1]) : undefined;
    const kind = n.opType === 'MatMul' && w?.dims.length === 2 ? 'matmul' : n.opType === 'Conv' && w ? 'conv' : undefined;
    if (!kind || !w) continue;
    const f = fan(n, w.dims);
    const keep = (why: string) => ops.keptFloat.push(`${n.outputs[0]} (${n.opType}, ${why})`);
    if (!sel.ops.includes(kind)) keep(`${kind} not in ops`);
    else if (f.perOutput < sel.minDim) keep(`${f.perOutput} multiply-adds per output < minDim ${sel.minDim}`);
    else if (f.perInput < sel.minDim) keep(`${f.perInput} multiply-adds per input value < minDim ${sel.minDim}`);
    else {
      targets.push(n);
      ops.quantized[n.opType] = (ops.quantized[n.opType] ?? 0) + 1;
    }
  }
  return { targets, ops };
}
