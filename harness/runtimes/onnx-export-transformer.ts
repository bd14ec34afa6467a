import { int, ints } from './onnx-graph.js';
import type { LayerExport, LayerExporter } from './onnx-export-types.js';

/** `(ids == 0)` as floats `[batch, seqLen]`: 1 at padding. */
function paddingOf(x: LayerExport, ids: string): string {
  const zero = x.g.constant(`${x.layer.name}_zero`, [0], []);
  return x.g.op('Cast', [x.g.op('Equal', [ids, zero], {}, `${x.layer.name}_is_pad`)], { to: int(1) }, `${x.layer.name}_pad`);
}

const positionEmbedding: LayerExporter = (x) => {
  const e = x.weight('embeddings');
  return x.g.op('Add', [x.inputs[0], x.g.constant(`${x.layer.name}_embeddings`, e.values, e.dims)], {}, x.layer.name);
};

const multiHeadSelfAttention: LayerExporter = (x) => {
  const { g, layer } = x;
  const n = layer.name;
  const heads = Number(x.config.heads);
  const dim = x.inputShapes[0][2]!;
  const dk = dim / heads;
  const project = (p: string, v: string): string => {
    const k = x.weight(`${p}/kernel`);
    const b = x.weight(`${p}/bias`);
    const y = g.op('MatMul', [v, g.constant(`${n}_${p}_kernel`, k.values, k.dims)], {}, `${n}_${p}_matmul`);
    return g.op('Add', [y, g.constant(`${n}_${p}_bias`, b.values, b.dims)], {}, `${n}_${p}`);
  };
  const headsShape = g.int64(`${n}_heads_shape`, [0, 0, heads, dk]);
  // [batch, len, dim] → [batch, len, heads, dk] → perm: q, v as [b, h, len, dk]; k as [b, h, dk, len].
  const split = (t: string, perm: number[], label: string): string =>
    g.op('Transpose', [g.op('Reshape', [t, headsShape], {}, `${n}_${label}_heads`)], { perm: ints(perm) }, `${n}_${label}_split`);
  const q = split(project('query', x.inputs[0]), [0, 2, 1, 3], 'q');
  const kT = split(project('key', x.inputs[0]), [0, 2, 3, 1], 'k');
  const v = split(project('value', x.inputs[0]), [0, 2, 1, 3], 'v');
  let scores = g.op('Mul', [g.op('MatMul', [q, kT], {}, `${n}_qk`), g.constant(`${n}_scale`, [1 / Math.sqrt(dk)], [])], {}, `${n}_scores`);
  if (x.inputs[1] !== undefined) {
    const bias = g.op('Mul', [paddingOf(x, x.inputs[1]), g.constant(`${n}_neg`, [-1e9], [])], {}, `${n}_mask_bias`);
    scores = g.op('Add', [scores, g.op('Unsqueeze', [bias, g.int64(`${n}_mask_axes`, [1, 2])], {}, `${n}_mask`)], {}, `${n}_masked`);
  }
  const mixed = g.op('MatMul', [g.op('Softmax', [scores], { axis: int(-1) }, `${n}_attention`), v], {}, `${n}_mixed`);
  const merged = g.op(
    'Reshape',
    [g.op('Transpose', [mixed], { perm: ints([0, 2, 1, 3]) }, `${n}_merge`), g.int64(`${n}_merged_shape`, [0, 0, dim])],
    {},
    `${n}_merged`,
  );
  return project('output', merged);
};

const sequencePool: LayerExporter = (x) => {
  const { g, layer } = x;
  const n = layer.name;
  const mode = String(x.config.mode);
  const len = x.inputShapes[0][1]!;
  const at = (pos: number): string => g.op('Gather', [x.inputs[0], g.int64(`${n}_pos`, [pos], [])], { axis: int(1) }, n);
  const sum1 = (t: string, keep: number, label: string): string =>
    g.op('ReduceSum', [t, g.int64(`${n}_axis1`, [1])], { keepdims: int(keep) }, `${n}_${label}`);
  if (mode === 'first') return at(0);
  if (x.inputs[1] === undefined)
    return mode === 'last' ? at(len - 1) : g.op('ReduceMean', [x.inputs[0]], { axes: ints([1]), keepdims: int(0) }, n);
  const one = g.constant(`${n}_one`, [1], []);
  const mask = g.op('Sub', [one, paddingOf(x, x.inputs[1])], {}, `${n}_mask`);
  if (mode === 'last') {
    // The last real token: position max(count − 1, 0), picked by a one-hot over positions.
    const last = g.op(
      'Max',
      [g.op('Sub', [sum1(mask, 1, 'count'), one], {}, `${n}_count_m1`), g.constant(`${n}_zero_pos`, [0], [])],
      {},
      `${n}_last`,
    );
    const positions = g.constant(
      `${n}_positions`,
      Array.from({ length: len }, (_, i) => i),
      [1, len],
    );
    const hot = g.op('Cast', [g.op('Equal', [positions, last], {}, `${n}_is_last`)], { to: int(1) }, `${n}_one_hot`);
    const picked = g.op('Mul', [x.inputs[0], g.op('Unsqueeze', [hot, g.int64(`${n}_axis2`, [2])], {}, `${n}_one_hot3`)], {}, `${n}_picked`);
    return sum1(picked, 0, 'pooled');
  }
  const m = g.op('Unsqueeze', [mask, g.int64(`${n}_axis2`, [2])], {}, `${n}_mask3`);
  const total = sum1(g.op('Mul', [x.inputs[0], m], {}, `${n}_masked`), 0, 'sum');
  const count = g.op('Max', [sum1(m, 0, 'count'), one], {}, `${n}_count`);
  return g.op('Div', [total, count], {}, n);
};

/** Exporters of slimbench's transformer layers (harness/models/transformer-layers.ts). */
export const transformerExporters = {
  PositionEmbedding: positionEmbedding,
  MultiHeadSelfAttention: multiHeadSelfAttention,
  SequencePool: sequencePool,
} satisfies Record<string, LayerExporter>;
