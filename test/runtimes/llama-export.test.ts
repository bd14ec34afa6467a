import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../harness/models/backend.js';
import { buildLlamaModel } from '../../harness/models/llama.js';
import { greedyGenerate, nextTokenLogits } from '../../harness/models/llama-generate.js';
import { llamaSettings, type LlamaConfig } from '../../harness/models/llama-settings.js';
import { REASONING_CHARS, charVocab } from '../../harness/models/llama-vocab.js';
import { readGguf } from '../../harness/runtimes/gguf-read.js';
import { loadLlamaCpp } from '../../harness/runtimes/llama-cpp.js';
import { exportLlamaGguf } from '../../harness/runtimes/llama-export.js';

const logSoftmax = (v: Float32Array): number[] => {
  const m = Math.max(...v);
  const s = Math.log(v.reduce((a, x) => a + Math.exp(x - m), 0)) + m;
  return Array.from(v, (x) => x - s);
};

/** Largest |log p_tfjs − log p_llama.cpp| over tokens llama.cpp gives a probability above 1e-4. */
async function maxLogProbDelta(path: string, model: tf.LayersModel, prompts: string[]): Promise<number> {
  const vocab = charVocab(REASONING_CHARS);
  const lm = await loadLlamaCpp(path);
  let d = 0;
  try {
    for (const p of prompts) {
      const a = logSoftmax(nextTokenLogits(model, vocab, p));
      const b = await lm.nextTokenProbs(p);
      for (let i = 0; i < a.length; i++) if (b[i] > 1e-4) d = Math.max(d, Math.abs(Math.log(b[i]) - a[i]));
    }
  } finally {
    await lm.dispose();
  }
  return d;
}

describe('llama GGUF export and parity with llama.cpp', function () {
  this.timeout(60_000);
  const vocab = charVocab(REASONING_CHARS);
  const prompts = ['Q: 3+4-1= A:', 'Q: [MAX 2 9 ]= A:', 'Q'];
  let dir: string;
  let model: tf.LayersModel;
  let config: LlamaConfig;
  before(async () => {
    await initBackend('wasm');
    dir = mkdtempSync(join(tmpdir(), 'llama-export-'));
    config = { ...llamaSettings.parse({ dModel: 64, heads: 4, layers: 2, ffDim: 128 }), vocabSize: vocab.tokens.length };
    model = buildLlamaModel(config, 3);
    // Weights far from the tiny initial ones, so that the logits are far from uniform.
    model.setWeights(
      model
        .getWeights()
        .map((w, i) =>
          tf.tidy(() =>
            w.rank === 1 ? tf.randomUniform(w.shape, 0.5, 1.5, 'float32', i) : tf.randomUniform(w.shape, -0.3, 0.3, 'float32', i),
          ),
        ),
    );
    exportLlamaGguf(model, config, vocab, join(dir, 'f32.gguf'), 'F32');
    exportLlamaGguf(model, config, vocab, join(dir, 'f16.gguf'), 'F16');
  });
  after(() => {
    model?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a tfjs [in, out] kernel as ggml rows: row 0 of attn_q is column 0 of the kernel', () => {
    const kernel = model.getLayer('blk0_attn').getWeights()[0].arraySync() as number[][];
    const q = readGguf(join(dir, 'f32.gguf')).tensors.find((t) => t.name === 'blk.0.attn_q.weight')!;
    expect(q.dims).to.deep.equal([64, 64]);
    expect(Array.from(new Float32Array(q.data.slice().buffer, 0, 4))).to.deep.equal(kernel.slice(0, 4).map((r) => Math.fround(r[0])));
  });

  it('gives llama.cpp next-token log-probabilities within 0.02 of tfjs at F32', async () => {
    expect(await maxLogProbDelta(join(dir, 'f32.gguf'), model, prompts)).to.be.below(0.02);
  });

  it('gives llama.cpp next-token log-probabilities within 0.1 of tfjs at F16', async () => {
    expect(await maxLogProbDelta(join(dir, 'f16.gguf'), model, prompts)).to.be.below(0.1);
  });

  it('generates the same greedy tokens in llama.cpp as in tfjs', async () => {
    const lm = await loadLlamaCpp(join(dir, 'f32.gguf'));
    try {
      const ours = greedyGenerate(model, vocab, prompts, 6).map((g) => g.tokens);
      const theirs = [];
      for (const p of prompts) theirs.push((await lm.generate(p, { maxTokens: 6 })).tokens);
      expect(theirs).to.deep.equal(ours);
    } finally {
      await lm.dispose();
    }
  });

  it('writes an F16 file of about half the F32 bytes', () => {
    const ratio = statSync(join(dir, 'f16.gguf')).size / statSync(join(dir, 'f32.gguf')).size;
    expect(ratio).to.be.within(0.5, 0.56);
  });
});
