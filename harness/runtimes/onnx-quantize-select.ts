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
   * Nodes whose reduction length (a MatMul's inner dimension, a Conv's input channels × kernel
   * area) is below this stay float32: with few multiply-adds per output, quantizing the input and
   * rescaling every output costs more than the int8 arithmetic saves.
   */
  minInnerDim: number;
}

/** What a pass quantized and what it left in float32 (and why), for the record. */
export interface QuantizedOps {
  /** Quantized nodes per ONNX op type, e.g. `{ MatMul: 2 }`. */
  quantized: Record<string, number>;
  /** Nodes left float32, each as `<output> (<OpType>, <reason>)`. */
  keptFloat: string[];
}

/** The reduction length of a MatMul on a `[K, N]` weight or a Conv on an `[out, in, kh, kw]` one. */
function innerDim(n: GraphNode, dims: number[]): number {
  return n.opType === 'MatMul' ? dims[0] : dims.slice(1).reduce((a, b) => a * b, 1);
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
    const k = innerDim(n, w.dims);
    if (!sel.ops.includes(kind)) ops.keptFloat.push(`${n.outputs[0]} (${n.opType}, ${kind} not in ops)`);
    else if (k < sel.minInnerDim)
      ops.keptFloat.push(`${n.outputs[0]} (${n.opType}, inner dimension ${k} < minInnerDim ${sel.minInnerDim})`);
    else {
      targets.push(n);
      ops.quantized[n.opType] = (ops.quantized[n.opType] ?? 0) + 1;
    }
  }
  return { targets, ops };
}
