import type * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { convExporters } from './onnx-export-conv.js';
import { coreExporters } from './onnx-export-core.js';
import { transformerExporters } from './onnx-export-transformer.js';
import type { LayerExport, LayerExporter, LayerWeight } from './onnx-export-types.js';
import { OnnxGraph } from './onnx-graph.js';

/** Every layer class the ONNX exporter writes, by tfjs class name. */
export const layerExporters = { ...coreExporters, ...convExporters, ...transformerExporters } satisfies Record<string, LayerExporter>;

/** Options of {@link exportGraph}. */
export interface ExportOptions {
  /** Make these layers' outputs the graph's outputs (a truncated sub-model) instead of the model's. */
  outputs?: string[];
}

interface Inbound {
  inputTensors: tf.SymbolicTensor[];
  outputTensors: tf.SymbolicTensor[];
}

const inboundOf = (layer: tf.layers.Layer): Inbound[] => (layer as unknown as { inboundNodes: Inbound[] }).inboundNodes;

/** The layer's weights by name without the layer prefix. */
function weightsOf(layer: tf.layers.Layer): Map<string, LayerWeight> {
  const out = new Map<string, LayerWeight>();
  for (const w of layer.weights) {
    const name = w.originalName.startsWith(`${layer.name}/`)
      ? w.originalName.slice(layer.name.length + 1)
      : w.originalName.split('/').at(-1)!;
    out.set(name, { values: Float32Array.from(w.read().dataSync() as Float32Array), dims: w.shape.map((d) => d ?? 1) });
  }
  return out;
}

/**
 * The ONNX graph (opset 17) of a tfjs LayersModel with one input: every layer in topological
 * order through the exporter of its class. The input is float32 `[batch, ...shape]` (token ids
 * too: Embedding casts them), the output the model's probabilities. A layer no exporter knows, or
 * one applied more than once, is an InputError naming the layer and its class.
 */
export function exportGraph(model: tf.LayersModel, opts: ExportOptions = {}): OnnxGraph {
  if (model.inputs.length !== 1)
    throw new InputError(`ONNX export: the model has ${model.inputs.length} inputs; only single-input models export`, 'onnx-unexportable');
  const g = new OnnxGraph();
  const input = model.inputs[0];
  g.input = { name: g.fresh('input'), dims: input.shape.slice(1).map((d) => d ?? 1) };
  const names = new Map<number, string>([[input.id, g.input.name]]);
  const byLayer = new Map<string, string>();
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls === 'InputLayer') continue;
    const nodes = inboundOf(layer);
    if (nodes.length !== 1)
      throw new InputError(
        `ONNX export: layer '${layer.name}' (${cls}) is applied ${nodes.length} times; export needs each layer used once`,
        'onnx-unexportable',
      );
    if (!Object.hasOwn(layerExporters, cls)) {
      throw new InputError(
        `ONNX export: layer '${layer.name}' has class ${cls}, which has no ONNX exporter; exportable classes: ${Object.keys(layerExporters).join(', ')}`,
        'onnx-unexportable',
      );
    }
    const { inputTensors, outputTensors } = nodes[0];
    const weights = weightsOf(layer);
    const ctx: LayerExport = {
      g,
      layer,
      config: layer.getConfig() as Record<string, unknown>,
      inputs: inputTensors.map((t) => names.get(t.id)!),
      inputShapes: inputTensors.map((t) => t.shape),
      weight: (name) => {
        const w = weights.get(name);
        if (!w) throw new InputError(`ONNX export: layer '${layer.name}' (${cls}) has no weight '${name}'`, 'onnx-unexportable');
        return w;
      },
      maybeWeight: (name) => weights.get(name),
    };
    const out = layerExporters[cls as keyof typeof layerExporters](ctx);
    names.set(outputTensors[0].id, out);
    byLayer.set(layer.name, out);
  }
  if (opts.outputs) {
    g.outputs = opts.outputs.map((l) => {
      const v = byLayer.get(l);
      if (v === undefined) throw new InputError(`ONNX export: the model has no exported layer '${l}'`, 'onnx-unknown-layer');
      return v;
    });
  } else {
    g.outputs = model.outputs.map((t) => names.get(t.id)!);
  }
  // A graph output must be a node output: an identity (Dropout only) model gets one.
  g.outputs = g.outputs.map((o) => (o === g.input.name || g.initializers.has(o) ? g.op('Identity', [o], {}, 'output') : o));
  if (opts.outputs) g.prune();
  return g;
}

/** ONNX model bytes of a tfjs LayersModel (see {@link exportGraph}). */
export function exportOnnx(model: tf.LayersModel, opts: ExportOptions = {}): Uint8Array {
  return exportGraph(model, opts).encode('slimbench');
}
