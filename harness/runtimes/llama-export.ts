import type * as tf from '@tensorflow/tfjs';
import type { LlamaConfig } from '../models/llama-settings.js';
import type { CharVocab } from '../models/llama-vocab.js';
import { llamaGguf, type LlamaWeights } from './gguf-llama.js';
import { writeGguf } from './gguf-write.js';

function weightOf(model: tf.LayersModel, layer: string, suffix: string): { values: Float32Array; shape: number[] } {
  const v = model.getLayer(layer).weights.find((w) => w.originalName.endsWith(suffix) || w.name.endsWith(suffix));
  if (!v) throw new Error(`llama model has no weight ${layer}/${suffix}`);
  const t = v.read();
  return { values: t.dataSync() as Float32Array, shape: t.shape };
}

/** `[rows, cols]` row-major → `[cols, rows]` row-major. */
function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

/** A tfjs `[in, out]` kernel as a ggml matrix of `out` rows of `in` values. */
function kernel(model: tf.LayersModel, layer: string, suffix: string): Float32Array {
  const { values, shape } = weightOf(model, layer, suffix);
  return transpose(values, shape[0], shape[1]);
}

/**
 * The weights of a model from {@link buildLlamaModel} by GGUF tensor name: tfjs kernels
 * (`[in, out]`) transposed to ggml rows, norms and the embedding table as they are.
 */
export function llamaWeightsOf(model: tf.LayersModel, c: LlamaConfig): LlamaWeights {
  const w: LlamaWeights = new Map();
  w.set('token_embd.weight', weightOf(model, 'embed', 'embeddings').values);
  for (let i = 0; i < c.layers; i++) {
    w.set(`blk.${i}.attn_norm.weight`, weightOf(model, `blk${i}_attn_norm`, 'weight').values);
    for (const [p, name] of [
      ['q', 'attn_q'],
      ['k', 'attn_k'],
      ['v', 'attn_v'],
      ['o', 'attn_output'],
    ])
      w.set(`blk.${i}.${name}.weight`, kernel(model, `blk${i}_attn`, `${p}/kernel`));
    w.set(`blk.${i}.ffn_norm.weight`, weightOf(model, `blk${i}_ffn_norm`, 'weight').values);
    for (const p of ['gate', 'up', 'down']) w.set(`blk.${i}.ffn_${p}.weight`, kernel(model, `blk${i}_ffn`, `${p}/kernel`));
  }
  w.set('output_norm.weight', weightOf(model, 'output_norm', 'weight').values);
  if (!c.tiedOutput) w.set('output.weight', kernel(model, 'output', 'kernel'));
  return w;
}

/**
 * Writes a trained tfjs llama model as a GGUF file that llama.cpp runs: weights at F32 or F16
 * (norms F32), llama metadata and the character vocabulary. Returns the file's bytes.
 */
export function exportLlamaGguf(
  model: tf.LayersModel,
  c: LlamaConfig,
  vocab: CharVocab,
  path: string,
  type: 'F32' | 'F16',
  name = 'slimbench-llama',
): number {
  return writeGguf(path, llamaGguf(c, vocab, llamaWeightsOf(model, c), type, name));
}
