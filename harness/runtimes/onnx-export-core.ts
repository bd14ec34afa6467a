import { InputError } from '../errors.js';
import { activationOf } from './onnx-activations.js';
import { float, int, ints } from './onnx-graph.js';
import type { LayerExport, LayerExporter } from './onnx-export-types.js';

/** The ONNX nodes of a layer's `activation` setting applied to `x`. */
export function applyActivation(x: LayerExport, value: string): string {
  const name = String(x.config.activation ?? 'linear');
  const f = activationOf(name);
  if (!f)
    throw new InputError(
      `layer '${x.layer.name}' (${x.layer.getClassName()}): activation '${name}' has no ONNX export; use relu, tanh, sigmoid, softmax, elu, gelu or linear`,
      'onnx-unexportable',
    );
  return f(x.g, value, `${x.layer.name}_${name}`);
}

/** Rank of the layer's first input including the batch axis. */
const rankOf = (x: LayerExport, i = 0): number => x.inputShapes[i].length;

/** Normalises a possibly negative axis of a tensor of `rank`. */
const axisOf = (axis: unknown, rank: number): number => {
  const a = Array.isArray(axis) ? Number(axis[0]) : Number(axis ?? -1);
  return a < 0 ? a + rank : a;
};

/** Shape that broadcasts a per-channel vector of `n` along `axis` of a `rank` tensor. */
const channelDims = (n: number, axis: number, rank: number): number[] => Array.from({ length: rank - axis }, (_, i) => (i === 0 ? n : 1));

const dense: LayerExporter = (x) => {
  const k = x.weight('kernel');
  let y = x.g.op('MatMul', [x.inputs[0], x.g.constant(`${x.layer.name}_kernel`, k.values, k.dims)], {}, `${x.layer.name}_matmul`);
  const b = x.maybeWeight('bias');
  if (b) y = x.g.op('Add', [y, x.g.constant(`${x.layer.name}_bias`, b.values, b.dims)], {}, `${x.layer.name}_bias`);
  return applyActivation(x, y);
};

const batchNormalization: LayerExporter = (x) => {
  const rank = rankOf(x);
  const axis = axisOf(x.config.axis, rank);
  const mean = x.weight('moving_mean').values;
  const variance = x.weight('moving_variance').values;
  const gamma = x.maybeWeight('gamma')?.values;
  const beta = x.maybeWeight('beta')?.values;
  const eps = Number(x.config.epsilon ?? 1e-3);
  // Folded to one multiply-add per channel, computed in float64 like tfjs's (x - mean) * gamma / sqrt(var + eps) + beta.
  const scale = mean.map((_, c) => (gamma ? gamma[c] : 1) / Math.sqrt(variance[c] + eps));
  const shift = mean.map((m, c) => (beta ? beta[c] : 0) - m * scale[c]);
  const dims = channelDims(mean.length, axis, rank);
  const scaled = x.g.op('Mul', [x.inputs[0], x.g.constant(`${x.layer.name}_scale`, scale, dims)], {}, `${x.layer.name}_scaled`);
  return x.g.op('Add', [scaled, x.g.constant(`${x.layer.name}_shift`, shift, dims)], {}, x.layer.name);
};

/** ONNX LayerNormalization over the last axis, for tfjs's LayerNormalization and slimbench's LayerNorm. */
const layerNormalization: LayerExporter = (x) => {
  const rank = rankOf(x);
  const axis = axisOf(x.config.axis, rank);
  if (axis !== rank - 1)
    throw new InputError(
      `layer '${x.layer.name}' (${x.layer.getClassName()}): normalising over axis ${axis} has no ONNX export here; only the last axis is supported`,
      'onnx-unexportable',
    );
  const dim = x.inputShapes[0][rank - 1]!;
  const gamma = x.maybeWeight('gamma')?.values ?? new Float32Array(dim).fill(1);
  const beta = x.maybeWeight('beta')?.values ?? new Float32Array(dim);
  const inputs = [x.inputs[0], x.g.constant(`${x.layer.name}_gamma`, gamma, [dim]), x.g.constant(`${x.layer.name}_beta`, beta, [dim])];
  return x.g.op('LayerNormalization', inputs, { axis: int(-1), epsilon: float(Number(x.config.epsilon ?? 1e-3)) }, x.layer.name);
};

const embedding: LayerExporter = (x) => {
  const e = x.weight('embeddings');
  const ids = x.g.op('Cast', [x.inputs[0]], { to: int(7) }, `${x.layer.name}_ids`);
  return x.g.op('Gather', [x.g.constant(`${x.layer.name}_embeddings`, e.values, e.dims), ids], { axis: int(0) }, x.layer.name);
};

const flatten: LayerExporter = (x) => x.g.op('Flatten', [x.inputs[0]], { axis: int(1) }, x.layer.name);

const reshape: LayerExporter = (x) => {
  const target = (x.config.targetShape as number[]).map(Number);
  return x.g.op('Reshape', [x.inputs[0], x.g.int64(`${x.layer.name}_shape`, [0, ...target])], {}, x.layer.name);
};

const identity: LayerExporter = (x) => x.inputs[0];

const activation: LayerExporter = (x) => applyActivation(x, x.inputs[0]);

const softmax: LayerExporter = (x) => x.g.op('Softmax', [x.inputs[0]], { axis: int(Number(x.config.axis ?? -1)) }, x.layer.name);

const relu: LayerExporter = (x) => {
  const max = x.config.maxValue;
  if (max == null) return x.g.op('Relu', [x.inputs[0]], {}, x.layer.name);
  return x.g.op(
    'Clip',
    [x.inputs[0], x.g.constant(`${x.layer.name}_lo`, [0], []), x.g.constant(`${x.layer.name}_hi`, [Number(max)], [])],
    {},
    x.layer.name,
  );
};

const leakyRelu: LayerExporter = (x) => x.g.op('LeakyRelu', [x.inputs[0]], { alpha: float(Number(x.config.alpha ?? 0.3)) }, x.layer.name);

const elu: LayerExporter = (x) => x.g.op('Elu', [x.inputs[0]], { alpha: float(Number(x.config.alpha ?? 1)) }, x.layer.name);

/** Add, Multiply, Maximum, Minimum, Average: one binary node after another over every input. */
const merge =
  (opType: 'Add' | 'Mul' | 'Max' | 'Min', average = false): LayerExporter =>
  (x) => {
    let y = x.inputs[0];
    for (const other of x.inputs.slice(1)) y = x.g.op(opType, [y, other], {}, `${x.layer.name}_${opType.toLowerCase()}`);
    return average ? x.g.op('Mul', [y, x.g.constant(`${x.layer.name}_n`, [1 / x.inputs.length], [])], {}, x.layer.name) : y;
  };

const subtract: LayerExporter = (x) => x.g.op('Sub', x.inputs, {}, x.layer.name);

const concatenate: LayerExporter = (x) => x.g.op('Concat', x.inputs, { axis: int(axisOf(x.config.axis, rankOf(x))) }, x.layer.name);

const permute: LayerExporter = (x) =>
  x.g.op('Transpose', [x.inputs[0]], { perm: ints([0, ...(x.config.dims as number[]).map(Number)]) }, x.layer.name);

/** Exporters of the layer classes that need no layout change, by tfjs class name. */
export const coreExporters = {
  Dense: dense,
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  LayerNorm: layerNormalization,
  Embedding: embedding,
  Flatten: flatten,
  Reshape: reshape,
  Dropout: identity,
  SpatialDropout1D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
  Activation: activation,
  Softmax: softmax,
  ReLU: relu,
  LeakyReLU: leakyRelu,
  ELU: elu,
  Add: merge('Add'),
  Multiply: merge('Mul'),
  Maximum: merge('Max'),
  Minimum: merge('Min'),
  Average: merge('Add', true),
  Subtract: subtract,
  Concatenate: concatenate,
  Permute: permute,
} satisfies Record<string, LayerExporter>;
