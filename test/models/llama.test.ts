import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { initBackend } from '../../harness/models/backend.js';
import { getArch } from '../../harness/models/index.js';
import { buildLlamaModel } from '../../harness/models/llama.js';
import { applyRope } from '../../harness/models/llama-attention.js';
import { RmsNorm } from '../../harness/models/llama-layers.js';
import { llamaSettings, type LlamaConfig } from '../../harness/models/llama-settings.js';
import { inputError } from '../helpers/errors.js';

const tiny = (over: Partial<LlamaConfig> = {}): LlamaConfig => ({
  ...llamaSettings.parse({ dModel: 32, heads: 2, layers: 1, ffDim: 32 }),
  vocabSize: 40,
  ...over,
});

describe('llama architecture', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('rotates the pair (x0, x1) at position p by the angle p (first pair of a head)', () => {
    // x: [1, 2 positions, 1 head, width 2]; at position 1 the angle is 1 · base^0 = 1 rad.
    const y = tf.tidy(() => applyRope(tf.tensor4d([1, 0, 1, 0], [1, 2, 1, 2]), 10_000).dataSync());
    expect(Array.from(y).map((v) => +v.toFixed(5))).to.deep.equal([1, 0, +Math.cos(1).toFixed(5), +Math.sin(1).toFixed(5)]);
  });

  it('rotates the second pair of a head of width 4 by p · base^(-1/2), as llama.cpp does', () => {
    const y = tf.tidy(() => applyRope(tf.tensor4d([0, 0, 0, 0, 0, 0, 0, 1], [1, 2, 1, 4]), 100).dataSync());
    const a = 100 ** -0.5;
    expect(Array.from(y.slice(4)).map((v) => +v.toFixed(5))).to.deep.equal([0, 0, +(-Math.sin(a)).toFixed(5), +Math.cos(a).toFixed(5)]);
  });

  it('RMSNorm divides by the root mean square: [3, 4] becomes [3, 4] / sqrt(12.5)', () => {
    const layer = new RmsNorm({ epsilon: 0 });
    const y = tf.tidy(() => (layer.apply(tf.tensor3d([3, 4], [1, 1, 2])) as tf.Tensor).dataSync());
    expect(y[0]).to.be.closeTo(3 / Math.sqrt(12.5), 1e-6);
    expect(y[1]).to.be.closeTo(4 / Math.sqrt(12.5), 1e-6);
  });

  it('is causal: a later token does not change the logits at earlier positions', () => {
    const model = buildLlamaModel(tiny(), 1);
    const [a, b] = tf.tidy(() => [
      (model.predict(tf.tensor2d([[1, 5, 6, 7]])) as tf.Tensor).slice([0, 0, 0], [1, 3, 40]).dataSync(),
      (model.predict(tf.tensor2d([[1, 5, 6, 9]])) as tf.Tensor).slice([0, 0, 0], [1, 3, 40]).dataSync(),
    ]);
    expect(Array.from(a)).to.deep.equal(Array.from(b));
    model.dispose();
  });

  it('outputs logits of shape [batch, seq, vocab]', () => {
    const model = buildLlamaModel(tiny(), 1);
    const shape = tf.tidy(() => (model.predict(tf.tensor2d([[1, 2, 3]])) as tf.Tensor).shape);
    expect(shape).to.deep.equal([1, 3, 40]);
    model.dispose();
  });

  it('with a tied output head has no separate output weight', () => {
    const tied = buildLlamaModel(tiny({ tiedOutput: true }), 1);
    const separate = buildLlamaModel(tiny(), 1);
    expect(separate.countParams() - tied.countParams()).to.equal(32 * 40);
    tied.dispose();
    separate.dispose();
  });

  it('is in the architecture registry and refuses a dataset without tokens', () => {
    const arch = getArch('llama');
    const err = inputError(
      () => arch.build({ inputShape: [4], inputKind: 'tabular', classNames: ['a', 'b'] } as never, llamaSettings.parse({}), 1),
      'arch-input-kind',
    );
    expect(err.message).to.contain('token input');
  });

  it('rejects a width that is not a whole number of 32-value blocks', () => {
    const r = llamaSettings.safeParse({ dModel: 48 });
    expect(r.success).to.equal(false);
    expect(JSON.stringify(r.error?.issues)).to.contain('multiple of 32');
  });
});
