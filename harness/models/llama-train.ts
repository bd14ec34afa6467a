import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/random.js';
import { llamaTrainSettings, type LlamaTrainSettings } from './llama-settings.js';
import { encodeChars, type CharVocab } from './llama-vocab.js';

/** A prompt and the answer the model should continue it with. */
export interface LmExample {
  prompt: string;
  answer: string;
}

/** `[bos, prompt…, answer…, eos]` token ids and the index of the first answer token. */
export function lmSequence(vocab: CharVocab, e: LmExample): { ids: number[]; answerStart: number } {
  const p = encodeChars(vocab, e.prompt);
  return { ids: [vocab.bos, ...p, ...encodeChars(vocab, e.answer), vocab.eos], answerStart: 1 + p.length };
}

/**
 * Masked next-token cross-entropy: the mean over the answer tokens (and the final EOS) of
 * −log p(token | earlier tokens). `inputs`/`targets`/`mask` are `[batch, seq]`.
 */
export function answerLoss(
  model: tf.LayersModel,
  inputs: tf.Tensor2D,
  targets: tf.Tensor2D,
  mask: tf.Tensor2D,
  vocabSize: number,
): tf.Scalar {
  return tf.tidy(() => {
    const logits = model.apply(inputs, { training: true }) as tf.Tensor3D;
    const logp = tf.logSoftmax(logits);
    const picked = tf.sum(tf.mul(logp, tf.oneHot(tf.cast(targets, 'int32'), vocabSize)), -1);
    return tf.div(tf.neg(tf.sum(tf.mul(picked, mask))), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}

function batchOf(vocab: CharVocab, examples: readonly LmExample[]): { inputs: tf.Tensor2D; targets: tf.Tensor2D; mask: tf.Tensor2D } {
  const seqs = examples.map((e) => lmSequence(vocab, e));
  const len = Math.max(...seqs.map((s) => s.ids.length)) - 1;
  const x = new Float32Array(seqs.length * len).fill(vocab.pad);
  const y = new Float32Array(seqs.length * len).fill(vocab.pad);
  const m = new Float32Array(seqs.length * len);
  seqs.forEach(({ ids, answerStart }, r) => {
    for (let i = 0; i < ids.length - 1; i++) {
      x[r * len + i] = ids[i];
      y[r * len + i] = ids[i + 1];
      if (i + 1 >= answerStart) m[r * len + i] = 1;
    }
  });
  const shape: [number, number] = [seqs.length, len];
  return { inputs: tf.tensor2d(x, shape), targets: tf.tensor2d(y, shape), mask: tf.tensor2d(m, shape) };
}

/**
 * Trains `model` on `examples` with Adam, seeded batches drawn with replacement, and the answer
 * loss. Returns the wall time and the mean loss over the last tenth of the steps.
 */
export async function trainLlamaLm(
  model: tf.LayersModel,
  vocab: CharVocab,
  examples: readonly LmExample[],
  settings: LlamaTrainSettings,
  seed: number,
  onStep?: (step: number, loss: number) => void,
): Promise<{ trainMs: number; loss: number }> {
  const s = llamaTrainSettings.parse(settings);
  const start = performance.now();
  const rng = new Rng(Rng.derive(seed, 'llama-batches'));
  const optimizer = tf.train.adam(s.learningRate, 0.9, 0.98);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const warm = Math.max(1, Math.round(s.steps * 0.05));
  const tail: number[] = [];
  for (let step = 0; step < s.steps; step++) {
    (optimizer as unknown as { learningRate: number }).learningRate =
      s.learningRate * (step < warm ? (step + 1) / warm : 0.5 * (1 + Math.cos((Math.PI * (step - warm)) / Math.max(1, s.steps - warm))));
    const batch = batchOf(
      vocab,
      Array.from({ length: s.batchSize }, () => examples[rng.int(examples.length)]),
    );
    const cost = optimizer.minimize(() => answerLoss(model, batch.inputs, batch.targets, batch.mask, vocab.tokens.length), true, vars);
    const loss = (await cost!.data())[0];
    tf.dispose([cost!, batch.inputs, batch.targets, batch.mask]);
    if (step >= s.steps * 0.9) tail.push(loss);
    onStep?.(step, loss);
  }
  optimizer.dispose();
  return { trainMs: performance.now() - start, loss: tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length) };
}
