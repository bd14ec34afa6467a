import { float32ToFloat16 } from '../engine/weight-codec.js';
import type { LlamaConfig } from '../models/llama-settings.js';
import type { CharVocab } from '../models/llama-vocab.js';
import { FILE_TYPE, type GgufFile, type GgufTensor, type GgufValue } from './gguf-format.js';

/**
 * A llama model's weights by GGUF tensor name, each row-major in ggml order: a tensor of dims
 * `[cols, rows]` holds row r at `[r * cols, (r + 1) * cols)`. A linear map `y = W x` is stored as
 * W with `cols` = input width (PyTorch's `[out, in]` layout). Q and K rows are in llama.cpp's
 * rotary order (each head's pairs `(2i, 2i+1)` rotate together), which is how slimbench's tfjs
 * model computes them, so no HF-style permutation is applied.
 */
export type LlamaWeights = Map<string, Float32Array>;

/** Every tensor of a llama model with its ggml dims, in the order llama.cpp's converter writes them. */
export function llamaTensorDims(c: LlamaConfig): [string, number[]][] {
  const d = c.dModel;
  const out: [string, number[]][] = [['token_embd.weight', [d, c.vocabSize]]];
  for (let i = 0; i < c.layers; i++) {
    const b = `blk.${i}`;
    out.push(
      [`${b}.attn_norm.weight`, [d]],
      [`${b}.attn_q.weight`, [d, d]],
      [`${b}.attn_k.weight`, [d, d]],
      [`${b}.attn_v.weight`, [d, d]],
      [`${b}.attn_output.weight`, [d, d]],
      [`${b}.ffn_norm.weight`, [d]],
      [`${b}.ffn_gate.weight`, [d, c.ffDim]],
      [`${b}.ffn_up.weight`, [d, c.ffDim]],
      [`${b}.ffn_down.weight`, [c.ffDim, d]],
    );
  }
  out.push(['output_norm.weight', [d]]);
  if (!c.tiedOutput) out.push(['output.weight', [d, c.vocabSize]]);
  return out;
}

const u32 = (value: number): GgufValue => ({ type: 'uint32', value });
const f32 = (value: number): GgufValue => ({ type: 'float32', value });

/** The `llama.*`, `general.*` and `tokenizer.ggml.*` metadata llama.cpp needs to load the model. */
export function llamaMetadata(c: LlamaConfig, vocab: CharVocab, fileType: number, name: string): Map<string, GgufValue> {
  if (vocab.tokens.length !== c.vocabSize) throw new Error(`vocabulary has ${vocab.tokens.length} tokens, config says ${c.vocabSize}`);
  return new Map<string, GgufValue>([
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: name }],
    ['general.alignment', u32(32)],
    ['general.file_type', u32(fileType)],
    ['llama.vocab_size', u32(c.vocabSize)],
    ['llama.context_length', u32(c.contextLength)],
    ['llama.embedding_length', u32(c.dModel)],
    ['llama.block_count', u32(c.layers)],
    ['llama.feed_forward_length', u32(c.ffDim)],
    ['llama.attention.head_count', u32(c.heads)],
    ['llama.attention.head_count_kv', u32(c.heads)],
    ['llama.attention.layer_norm_rms_epsilon', f32(c.rmsEps)],
    ['llama.rope.dimension_count', u32(c.dModel / c.heads)],
    ['llama.rope.freq_base', f32(c.ropeBase)],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: vocab.tokens }],
    ['tokenizer.ggml.scores', { type: 'array', itemType: 'float32', value: vocab.scores }],
    ['tokenizer.ggml.token_type', { type: 'array', itemType: 'int32', value: vocab.types }],
    ['tokenizer.ggml.bos_token_id', u32(vocab.bos)],
    ['tokenizer.ggml.eos_token_id', u32(vocab.eos)],
    ['tokenizer.ggml.unknown_token_id', u32(vocab.unk)],
    ['tokenizer.ggml.padding_token_id', u32(vocab.pad)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
    // The tfjs model sees the prompt as written; llama.cpp would otherwise prepend a space.
    ['tokenizer.ggml.add_space_prefix', { type: 'bool', value: false }],
  ]);
}

/**
 * A GGUF file of a llama model at F32 or F16. As llama.cpp's converter does, 1-D tensors (the
 * norms) stay F32 in an F16 file.
 */
export function llamaGguf(
  c: LlamaConfig,
  vocab: CharVocab,
  weights: LlamaWeights,
  type: 'F32' | 'F16',
  name = 'slimbench-llama',
): GgufFile {
  const tensors = llamaTensorDims(c).map(([tname, dims]): GgufTensor => {
    const values = weights.get(tname);
    const n = dims.reduce((a, b) => a * b, 1);
    if (!values || values.length !== n) throw new Error(`weight ${tname}: expected ${n} values, got ${values?.length ?? 'none'}`);
    const half = type === 'F16' && dims.length > 1;
    const data = half ? float32ToFloat16(values) : Float32Array.from(values);
    return { name: tname, type: half ? 'F16' : 'F32', dims, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  });
  return { metadata: llamaMetadata(c, vocab, FILE_TYPE[type], name), tensors };
}
