import * as tf from '@tensorflow/tfjs';
import { fineTune, type FineTuneContext } from './fine-tune.js';
import { planStructured, type ChannelReader } from './structured-plan.js';
import type { CompressionMethod, MethodResult } from './types.js';
import { pruneStructuredSpec, type PruneStructuredSettings } from './prune-structured-settings.js';

export { pruneStructuredSettings, type PruneStructuredSettings } from './prune-structured-settings.js';

/** Indices kept along one axis of a layer's weights. */
interface Slice {
  indices: Int32Array;
  kind: ChannelReader['kind'];
}

/**
 * Norm of every output unit of a kernel `[..., in, out]` over its input rows in `rows` (all rows
 * when undefined).
 */
export function unitNorms(values: Float32Array, shape: number[], norm: 'l1' | 'l2', rows?: Int32Array): Float64Array {
  const out = shape[shape.length - 1];
  const inDim = shape[shape.length - 2];
  const outer = values.length / (inDim * out);
  const keepRow = new Uint8Array(inDim).fill(rows ? 0 : 1);
  rows?.forEach((r) => (keepRow[r] = 1));
  const norms = new Float64Array(out);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inDim; i++) {
      if (!keepRow[i]) continue;
      const base = (o * inDim + i) * out;
      for (let j = 0; j < out; j++) norms[j] += norm === 'l1' ? Math.abs(values[base + j]) : values[base + j] ** 2;
    }
  }
  return norm === 'l1' ? norms : norms.map(Math.sqrt);
}

/** Indices (ascending) of the `count` largest norms; ties keep the earlier unit. */
export function strongestUnits(norms: Float64Array, count: number): Int32Array {
  const order = Array.from(norms.keys()).sort((a, b) => norms[b] - norms[a] || a - b);
  return Int32Array.from(order.slice(0, count)).sort();
}

/** Input rows of a reader for kept channels `keep` of `channels`, repeated over Flatten positions. */
function readerRows(keep: Int32Array, channels: number, positions: number): Int32Array {
  const rows = new Int32Array(keep.length * positions);
  for (let p = 0; p < positions; p++) keep.forEach((c, k) => (rows[p * keep.length + k] = p * channels + c));
  return rows;
}

/**
 * The kept slice of a weight as a fresh tensor. It is rebuilt from its values because the wasm
 * backend records a gather result under the shape of its internal 4-D view, which fused
 * MatMul/Conv2D then reject as a bias.
 */
function sliceWeight(w: tf.LayerVariable, out?: Int32Array, inSlice?: Slice): tf.Tensor {
  const sliced = tf.tidy(() => {
    let t: tf.Tensor = w.read();
    const rank = t.rank;
    if (inSlice?.kind === 'vector') return tf.gather(t, inSlice.indices, 0);
    const isKernel = w.originalName.endsWith('/kernel');
    if (isKernel && inSlice) t = tf.gather(t, inSlice.indices, rank - 2);
    if (out) t = tf.gather(t, out, isKernel ? rank - 1 : 0);
    return t.clone();
  });
  const fresh = tf.tensor(sliced.dataSync(), sliced.shape);
  sliced.dispose();
  return fresh;
}

/** Rebuilds `model` from its topology with fewer units/filters and copies the kept weight slices. */
async function rebuild(model: tf.LayersModel, outKeep: Map<string, Int32Array>, inKeep: Map<string, Slice>): Promise<tf.LayersModel> {
  const topology = model.toJSON(null, false) as unknown as { config: { layers: { config: Record<string, unknown> }[] } };
  for (const { config } of topology.config.layers) {
    const keep = outKeep.get(config.name as string);
    if (keep) config['units' in config ? 'units' : 'filters'] = keep.length;
  }
  const rebuilt = await tf.models.modelFromJSON(topology as unknown as tf.io.ModelJSON['modelTopology'] as tf.serialization.ConfigDict);
  for (const layer of rebuilt.layers) {
    const old = model.getLayer(layer.name);
    const weights = old.weights.map((w) => sliceWeight(w, outKeep.get(layer.name), inKeep.get(layer.name)));
    layer.setWeights(weights);
    tf.dispose(weights);
  }
  return rebuilt;
}

function paramCount(model: tf.LayersModel): number {
  return model.weights.reduce((a, w) => a + w.shape.reduce((x: number, d) => x * (d ?? 1), 1), 0);
}

/** Structured pruning: removes whole Dense units and Conv2D filters by weight norm and rebuilds the model physically smaller. */
export const pruneStructured: CompressionMethod<PruneStructuredSettings> = {
  ...pruneStructuredSpec,
  async apply(model, s, context): Promise<MethodResult> {
    const ctx = context as FineTuneContext;
    const plan = planStructured(model);
    const outKeep = new Map<string, Int32Array>();
    const inKeep = new Map<string, Slice>();
    const layers: { layer: string; className: string; before: number; after: number }[] = [];
    for (const layer of model.layers) {
      const readers = plan.prunable.get(layer);
      if (!readers) continue;
      const kernel = layer.weights.find((w) => w.originalName.endsWith('/kernel'))!;
      const shape = kernel.shape as number[];
      const units = shape[shape.length - 1];
      const norms = unitNorms(kernel.read().dataSync() as Float32Array, shape, s.norm, inKeep.get(layer.name)?.indices);
      const keep = strongestUnits(norms, Math.max(1, units - Math.round(s.amount * units)));
      outKeep.set(layer.name, keep);
      for (const r of readers) inKeep.set(r.layer.name, { indices: readerRows(keep, units, r.positions), kind: r.kind });
      layers.push({ layer: layer.name, className: layer.getClassName(), before: units, after: keep.length });
    }
    const smaller = await rebuild(model, outKeep, inKeep);
    const fineTuned = await fineTune(smaller, ctx, s.fineTuneEpochs, s.fineTuneLearningRate, 'prune-structured');
    const info = {
      amount: s.amount,
      norm: s.norm,
      layers,
      left: plan.left,
      params: { before: paramCount(model), after: paramCount(smaller) },
      ...(fineTuned ? { fineTune: fineTuned } : {}),
    };
    return { model: smaller, info };
  },
};
