import type * as tf from '@tensorflow/tfjs';

/**
 * Which layers of a model structured pruning can shrink, found by following each candidate's
 * output channels (its last axis) through the graph to the layers that read them.
 */

type Layer = tf.layers.Layer;

/** A layer that reads a pruned layer's channels and must be sliced to match. */
export interface ChannelReader {
  layer: Layer;
  /**
   * Spatial positions a Flatten in between folded into the reader's input axis (1 without a
   * Flatten): channel c of position p is input row `p * channels + c` (NHWC, row-major).
   */
  positions: number;
  /** `kernel`: Dense/Conv2D input rows; `vector`: every weight is one value per channel (BatchNormalization). */
  kind: 'kernel' | 'vector';
}

/** A layer left as it is, and why. */
export interface LeftLayer {
  layer: string;
  className: string;
  reason: string;
}

/** Result of {@link planStructured}: the shrinkable layers with their readers, and the rest. */
export interface StructuredPlan {
  prunable: Map<Layer, ChannelReader[]>;
  left: LeftLayer[];
}

/** Layers that pass the last axis through unchanged and hold no per-channel weights. */
const PASSTHROUGH = new Set([
  'Activation',
  'Dropout',
  'SpatialDropout1D',
  'AlphaDropout',
  'GaussianDropout',
  'GaussianNoise',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'ThresholdedReLU',
  'MaxPooling1D',
  'AveragePooling1D',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalMaxPooling1D',
  'GlobalAveragePooling1D',
  'GlobalMaxPooling2D',
  'GlobalAveragePooling2D',
  'ZeroPadding2D',
  'UpSampling2D',
  'Cropping2D',
]);

const SHRINKABLE = new Set(['Dense', 'Conv2D']);

function config(layer: Layer): Record<string, unknown> {
  return layer.getConfig() as Record<string, unknown>;
}

function channelsFirst(layer: Layer): boolean {
  const format = config(layer).dataFormat;
  return format === 'channelsFirst' || format === 'channels_first';
}

/** Softmax normalises over the channels, so removing one changes all the others. */
function couplesChannels(layer: Layer): boolean {
  return config(layer).activation === 'softmax';
}

function inputShape(layer: Layer): (number | null)[] {
  return (layer.input as tf.SymbolicTensor).shape;
}

function singleInput(layer: Layer): boolean {
  return layer.inboundNodes.length === 1 && layer.inboundNodes[0].inboundLayers.length === 1;
}

/** Positions a Flatten folds into its output: the product of its input's non-batch, non-channel dims. */
function flattenPositions(layer: Layer): number | undefined {
  const shape = inputShape(layer);
  const dims = shape.slice(1, -1);
  return dims.every((d): d is number => typeof d === 'number') ? dims.reduce((a, b) => a * b, 1) : undefined;
}

/** Follows `start`'s output channels to the layers that read them; a string says why it cannot. */
function followChannels(start: Layer, members: Set<Layer>, outputs: Set<Layer>): ChannelReader[] | string {
  const readers: ChannelReader[] = [];
  const stack: { layer: Layer; positions: number }[] = [{ layer: start, positions: 1 }];
  while (stack.length > 0) {
    const { layer, positions } = stack.pop()!;
    if (outputs.has(layer)) return layer === start ? 'output layer' : `its channels reach the model output through '${layer.name}'`;
    const next = layer.outboundNodes.map((n) => n.outboundLayer).filter((l) => members.has(l));
    if (next.length === 0) return 'its output is not used';
    for (const c of next) {
      const cls = c.getClassName();
      const where = `it feeds '${c.name}' (${cls})`;
      if (!singleInput(c)) return `${where}, which takes several inputs or is called more than once`;
      if (channelsFirst(c)) return `${where}, which is channels-first`;
      if (SHRINKABLE.has(cls)) {
        if (cls === 'Conv2D' && positions !== 1) return `${where} after a Flatten`;
        readers.push({ layer: c, positions, kind: 'kernel' });
      } else if (cls === 'BatchNormalization') {
        const axis = config(c).axis;
        if (axis !== -1 && axis !== inputShape(c).length - 1) return `${where}, which normalises another axis than the channels`;
        readers.push({ layer: c, positions, kind: 'vector' });
        stack.push({ layer: c, positions });
      } else if (cls === 'Flatten') {
        const folded = flattenPositions(c);
        if (folded === undefined) return `${where}, whose input shape is not fully known`;
        stack.push({ layer: c, positions: positions * folded });
      } else if (PASSTHROUGH.has(cls) && !couplesChannels(c)) {
        stack.push({ layer: c, positions });
      } else {
        return `${where}, which this method cannot slice`;
      }
    }
  }
  return readers;
}

/**
 * Finds the Dense and Conv2D layers whose units/filters can be removed: not an output layer,
 * called once, channels-last, without a softmax, and whose channels reach only Dense/Conv2D
 * kernels (through activations, dropout, pooling, BatchNormalization or Flatten). Every other
 * layer that holds weights is listed in `left` with the reason.
 */
export function planStructured(model: tf.LayersModel): StructuredPlan {
  const members = new Set(model.layers);
  const outputs = new Set(model.outputs.map((o) => o.sourceLayer as Layer));
  const prunable = new Map<Layer, ChannelReader[]>();
  const left: LeftLayer[] = [];
  for (const layer of model.layers) {
    const className = layer.getClassName();
    const leave = (reason: string): void => void left.push({ layer: layer.name, className, reason });
    if (!SHRINKABLE.has(className)) {
      if (layer.weights.length > 0 && className !== 'BatchNormalization') leave('not a Dense or Conv2D layer');
      continue;
    }
    const readers = layer.inboundNodes.length === 1 ? followChannels(layer, members, outputs) : 'it is called more than once';
    if (typeof readers === 'string') leave(readers);
    else if (channelsFirst(layer)) leave('channels-first convolution');
    else if (couplesChannels(layer)) leave('its softmax couples all units');
    else prunable.set(layer, readers);
  }
  return { prunable, left };
}
