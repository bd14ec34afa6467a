import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { initBackend } from '../../harness/models/backend.js';
import { buildLlamaModel } from '../../harness/models/llama.js';
import { greedyGenerate } from '../../harness/models/llama-generate.js';
import { llamaSettings } from '../../harness/models/llama-settings.js';
import { lmSequence, trainLlamaLm } from '../../harness/models/llama-train.js';
import { REASONING_CHARS, charVocab } from '../../harness/models/llama-vocab.js';

describe('llama language-model training', function () {
  this.timeout(120_000);
  const vocab = charVocab(REASONING_CHARS);
  before(async () => {
    await initBackend('wasm');
  });

  it('lays a training sequence out as [bos, prompt, answer, eos] with the answer start', () => {
    const { ids, answerStart } = lmSequence(vocab, { prompt: 'Q:', answer: ' 7' });
    expect(ids).to.deep.equal([
      vocab.bos,
      vocab.charIds.get('Q'),
      vocab.charIds.get(':'),
      vocab.charIds.get(' '),
      vocab.charIds.get('7'),
      vocab.eos,
    ]);
    expect(answerStart).to.equal(3);
  });

  it('learns to answer a fixed prompt and then stops at EOS', async () => {
    const config = { ...llamaSettings.parse({ dModel: 32, heads: 2, layers: 1, ffDim: 32 }), vocabSize: vocab.tokens.length };
    const model = buildLlamaModel(config, 2);
    const before = tf.memory().numTensors;
    const r = await trainLlamaLm(
      model,
      vocab,
      [{ prompt: 'Q: 1+1= A:', answer: ' 2' }],
      { steps: 40, batchSize: 4, learningRate: 0.01 },
      1,
    );
    expect(tf.memory().numTensors).to.equal(before);
    expect(r.loss).to.be.below(0.5);
    expect(greedyGenerate(model, vocab, ['Q: 1+1= A:'], 5)[0].text).to.equal(' 2');
    model.dispose();
  });
});
