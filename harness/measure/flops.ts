import type * as tf from '@tensorflow/tfjs';

/**
 * Analytic compute cost of one input row, per layer, in multiply-adds (1 MAC ≈ 2 FLOPs).
 * `dense` counts every multiply-add the layer's arithmetic implies; `effective` skips those with
 * a zero weight (nonzero kernel entries × the positions the kernel is applied at), i.e. what a
 * sparse kernel could save. Pooling counts one op per window element, BatchNormalization 2 ops
 * per element (normalize, scale-and-shift), LayerNormalization 4 (mean, variance, normalize,
 * scale-and-shift). Biases, activations, elementwise adds and embedding lookups count 0.
 */
export interface LayerFlops {
  name: string;
  className: string;
  dense: number;
  effective: number;
}

/** A model's cost: totals, per-layer breakdown, and layers the counter does not know. */
export interface FlopsFigures {
  dense: number;
  effective: number;
  layers: LayerFlops[];
  /** `name (Class)` of layers whose cost is not counted (unknown classes); the totals exclude them. */
  uncounted?: string[];
}

type Shape = (number | null)[];
type Layer = tf.layers.Layer;

/** Layers with no multiply-adds by the convention above. */
const FREE = new Set([
  'InputLayer',
  'Flatten',
  'Reshape',
  'Permute',
  'RepeatVector',
  'Dropout',
  'SpatialDropout1D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'PReLU',
  'ThresholdedReLU',
  'Softmax',
  'Add',
  'Subtract',
  'Multiply',
  'Average',
  'Maximum',
  'Minimum',
  'Concatenate',
  'Dot',
  'Embedding',
  'PositionEmbedding',
  'Cropping2D',
  'ZeroPadding2D',
  'UpSampling2D',
  'Masking',
  'Rescaling',
  'CenterCrop',
  'Resizing',
]);

/** Counts the multiply-adds of every layer of `model` (nested models are walked). */
export function measureFlops(model: tf.LayersModel): FlopsFigures {
  const layers: LayerFlops[] = [];
  const uncounted: string[] = [];
  walk(model, '', layers, uncounted);
  const sum = (key: 'dense' | 'effective') => layers.reduce((a, l) => a + l[key], 0);
  return { dense: sum('dense'), effective: sum('effective'), layers, ...(uncounted.length ? { uncounted } : {}) };
}

function walk(model: tf.LayersModel, prefix: string, out: LayerFlops[], uncounted: string[]): void {
  for (const layer of model.layers) {
    const name = `${prefix}${layer.name}`;
    if ('layers' in layer && Array.isArray((layer as unknown as tf.LayersModel).layers)) {
      walk(layer as unknown as tf.LayersModel, `${name}/`, out, uncounted);
      continue;
    }
    const className = layer.getClassName();
    if (className === 'InputLayer') continue;
    const cost = layerCost(layer, className);
    if (cost === undefined) {
      uncounted.push(`${name} (${className})`);
      continue;
    }
    out.push({ name, className, ...cost });
  }
}

/** The cost of one layer, or undefined for a class this counter does not know. */
export function layerCost(layer: Layer, className: string): { dense: number; effective: number } | undefined {
  const inShape = firstShape(layer, 'inputShapes');
  const outShape = firstShape(layer, 'outputShapes');
  const config = layer.getConfig() as Record<string, unknown>;
  const channelsFirst = config.dataFormat === 'channelsFirst';
  // Positions a kernel is applied at: all non-batch, non-channel output dims.
  const outPositions = () => prod(channelsFirst ? outShape.slice(2) : outShape.slice(1, -1));
  const elements = (s: Shape) => prod(s.slice(1));
  const same = (n: number) => ({ dense: n, effective: n });
  const kernelAt = (suffix: string, positions: number) => {
    const w = weight(layer, suffix);
    return w ? { dense: positions * w.size, effective: positions * nonzeros(w) } : { dense: 0, effective: 0 };
  };
  switch (className) {
    case 'Dense':
      return kernelAt('kernel', prod(inShape.slice(1, -1)));
    case 'Conv1D':
    case 'Conv2D':
    case 'Conv3D':
      return kernelAt('kernel', outPositions());
    case 'Conv2DTranspose':
      return kernelAt('kernel', prod(channelsFirst ? inShape.slice(2) : inShape.slice(1, -1)));
    case 'DepthwiseConv2D':
      return kernelAt('depthwise_kernel', outPositions());
    case 'SeparableConv1D':
    case 'SeparableConv2D': {
      const d = kernelAt('depthwise_kernel', outPositions());
      const p = kernelAt('pointwise_kernel', outPositions());
      return { dense: d.dense + p.dense, effective: d.effective + p.effective };
    }
    case 'MaxPooling1D':
    case 'AveragePooling1D':
    case 'MaxPooling2D':
    case 'AveragePooling2D':
    case 'MaxPooling3D':
    case 'AveragePooling3D':
      return same(elements(outShape) * prod(asArray(config.poolSize)));
    case 'GlobalMaxPooling1D':
    case 'GlobalAveragePooling1D':
    case 'GlobalMaxPooling2D':
    case 'GlobalAveragePooling2D':
      return same(elements(inShape));
    case 'BatchNormalization':
      return same(2 * elements(outShape));
    case 'LayerNormalization':
    case 'LayerNorm':
      return same(4 * elements(outShape));
    case 'MultiHeadSelfAttention': {
      const [, seq, dim] = inShape as number[];
      let effective = 2 * seq * seq * dim;
      let dense = effective;
      for (const p of ['query', 'key', 'value', 'output']) {
        const k = kernelAt(`${p}/kernel`, seq);
        dense += k.dense;
        effective += k.effective;
      }
      return { dense, effective };
    }
    case 'SequencePool':
      // first/last pick one position; mean sums every element.
      return same(config.mode === 'mean' ? elements(inShape) : 0);
    default:
      return FREE.has(className) ? same(0) : undefined;
  }
}

function firstShape(layer: Layer, key: 'inputShapes' | 'outputShapes'): Shape {
  const node = layer.inboundNodes[0];
  if (!node) throw new Error(`layer '${layer.name}' is not connected, so its shapes are unknown`);
  const shapes = node[key];
  return (Array.isArray(shapes[0]) ? shapes[0] : shapes) as Shape;
}

function weight(layer: Layer, suffix: string): tf.Tensor | undefined {
  const w = layer.weights.find((v) => (v.originalName ?? v.name).endsWith(`/${suffix}`) || (v.originalName ?? v.name) === suffix);
  return w?.read();
}

function nonzeros(t: tf.Tensor): number {
  const v = t.dataSync();
  let n = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) n++;
  return n;
}

function prod(dims: readonly (number | null)[]): number {
  return dims.reduce<number>((a, d) => a * (d ?? 1), 1);
}

function asArray(v: unknown): number[] {
  return Array.isArray(v) ? (v as number[]) : typeof v === 'number' ? [v] : [];
}
