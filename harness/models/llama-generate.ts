import * as tf from '@tensorflow/tfjs';
import { decodeChars, encodeChars, type CharVocab } from './llama-vocab.js';

/** Next-token logits after each sequence (the last position of each row), `[rows][vocab]`. */
export function lastLogits(model: tf.LayersModel, seqs: readonly number[][], pad: number): Float32Array[] {
  const len = Math.max(...seqs.map((s) => s.length));
  const x = new Float32Array(seqs.length * len).fill(pad);
  seqs.forEach((s, r) => x.set(s, r * len));
  const flat = tf.tidy(() => {
    const logits = model.predict(tf.tensor2d(x, [seqs.length, len])) as tf.Tensor3D;
    const idx = tf.tensor1d(
      seqs.map((s, r) => r * len + s.length - 1),
      'int32',
    );
    return tf.gather(tf.reshape(logits, [seqs.length * len, -1]), idx);
  });
  const v = flat.shape[1]!;
  const data = flat.dataSync() as Float32Array;
  flat.dispose();
  return seqs.map((_, r) => data.slice(r * v, (r + 1) * v));
}

/** The next-token logits after `[bos, prompt…]`. */
export function nextTokenLogits(model: tf.LayersModel, vocab: CharVocab, prompt: string): Float32Array {
  return lastLogits(model, [[vocab.bos, ...encodeChars(vocab, prompt)]], vocab.pad)[0];
}

const argmax = (v: Float32Array): number => v.reduce((best, x, i) => (x > v[best] ? i : best), 0);

/**
 * Greedy continuations of `prompts` (BOS prepended), up to `maxTokens` tokens each, ending at
 * EOS (not included). Batches of `batch` prompts; no KV cache (each step reruns the prefix).
 */
export function greedyGenerate(
  model: tf.LayersModel,
  vocab: CharVocab,
  prompts: readonly string[],
  maxTokens: number,
  batch = 128,
): { tokens: number[]; text: string }[] {
  const out: { tokens: number[]; text: string }[] = [];
  for (let b = 0; b < prompts.length; b += batch) {
    const seqs = prompts.slice(b, b + batch).map((p) => [vocab.bos, ...encodeChars(vocab, p)]);
    const gen = seqs.map(() => [] as number[]);
    const done = seqs.map(() => false);
    for (let step = 0; step < maxTokens && done.includes(false); step++) {
      const live = seqs.map((_, i) => i).filter((i) => !done[i]);
      const logits = lastLogits(
        model,
        live.map((i) => [...seqs[i], ...gen[i]]),
        vocab.pad,
      );
      live.forEach((i, j) => {
        const t = argmax(logits[j]);
        if (t === vocab.eos) done[i] = true;
        else gen[i].push(t);
      });
    }
    for (const g of gen) out.push({ tokens: g, text: decodeChars(vocab, g) });
  }
  return out;
}
