import type * as tf from '@tensorflow/tfjs';
import type { OnnxGraph } from './onnx-graph.js';

/** A weight of the layer being exported, as plain numbers. */
export interface LayerWeight {
  values: Float32Array;
  dims: number[];
}

/** What an exporter of one layer class gets: the graph, the layer and the names of its inputs. */
export interface LayerExport {
  g: OnnxGraph;
  layer: tf.layers.Layer;
  config: Record<string, unknown>;
  /** ONNX value names of the layer's inputs, in order. */
  inputs: string[];
  /** Their shapes as tfjs sees them (batch first, null where free). */
  inputShapes: (number | null)[][];
  /** The layer's weights by name without the layer prefix (`kernel`, `query/bias`, ...). */
  weight(name: string): LayerWeight;
  /** The layer's weight of that name, when it has one. */
  maybeWeight(name: string): LayerWeight | undefined;
}

/** Writes one layer's ONNX nodes and returns the name of its output. */
export type LayerExporter = (x: LayerExport) => string;
