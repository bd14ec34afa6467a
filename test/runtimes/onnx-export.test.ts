import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { initBackend } from '../../harness/models/backend.js';
import { isInputError } from '../../harness/errors.js';
import { buildTransformer } from '../../harness/models/transformer.js';
import { buildLenet5 } from '../../harness/models/lenet.js';
import { exportOnnx } from '../../harness/runtimes/onnx-export.js';
import { LayerNorm, MultiHeadSelfAttention, PositionEmbedding, SequencePool } from '../../harness/models/transformer-layers.js';
import { maxExportError, rowsFor, seedWeights } from './export-check.js';

const L = tf.layers;
type Sym = tf.SymbolicTensor;

/** Sequential model of `layers` on rows of `shape`. */
const seq = (shape: number[], layers: tf.layers.Layer[]): tf.LayersModel => {
  const input = tf.input({ shape });
  let h: Sym = input;
  for (const l of layers) h = l.apply(h) as Sym;
  return tf.model({ inputs: input, outputs: h });
};

const tokens = { inputKind: 'tokens' as const, vocabSize: 12, inputShape: [6], classNames: ['a', 'b', 'c'] };

/** [name, model builder, vocabulary for token inputs] */
const cases: [string, () => tf.LayersModel, number?][] = [
  [
    'Dense with bias and relu, then softmax',
    () => seq([5], [L.dense({ units: 4, activation: 'relu' }), L.dense({ units: 3, activation: 'softmax' })]),
  ],
  [
    'Dense without bias, tanh and sigmoid',
    () => seq([5], [L.dense({ units: 4, activation: 'tanh', useBias: false }), L.dense({ units: 3, activation: 'sigmoid' })]),
  ],
  [
    'Conv2D same padding, stride 1, relu',
    () => seq([7, 7, 2], [L.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' })]),
  ],
  [
    'Conv2D valid padding, stride 2, dilation-free',
    () => seq([8, 8, 2], [L.conv2d({ filters: 3, kernelSize: [3, 2], strides: 2, padding: 'valid' })]),
  ],
  [
    'Conv2D same padding with stride 2 on an odd size',
    () => seq([7, 7, 1], [L.conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' })]),
  ],
  [
    'DepthwiseConv2D with a depth multiplier',
    () => seq([6, 6, 3], [L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' })]),
  ],
  [
    'MaxPooling2D then Flatten then Dense (NHWC order)',
    () => seq([6, 6, 2], [L.maxPooling2d({ poolSize: 2 }), L.flatten(), L.dense({ units: 3, activation: 'softmax' })]),
  ],
  ['AveragePooling2D with same padding', () => seq([5, 5, 2], [L.averagePooling2d({ poolSize: 2, strides: 2, padding: 'same' })])],
  [
    'GlobalAveragePooling2D and GlobalMaxPooling2D',
    () => {
      const input = tf.input({ shape: [4, 4, 3] });
      const out = L.concatenate().apply([
        L.globalAveragePooling2d({}).apply(input) as Sym,
        L.globalMaxPooling2d({}).apply(input) as Sym,
      ]) as Sym;
      return tf.model({ inputs: input, outputs: out });
    },
  ],
  [
    'Reshape to an image, Conv2D, Flatten',
    () => seq([16], [L.reshape({ targetShape: [4, 4, 1] }), L.conv2d({ filters: 2, kernelSize: 2 }), L.flatten()]),
  ],
  ['Dropout as identity', () => seq([4], [L.dense({ units: 4 }), L.dropout({ rate: 0.5 }), L.dense({ units: 2 })])],
  [
    'BatchNormalization on dense and on image channels',
    () => seq([4, 4, 2], [L.batchNormalization(), L.flatten(), L.dense({ units: 3 }), L.batchNormalization()]),
  ],
  ['LayerNormalization over the last axis', () => seq([3, 5], [L.layerNormalization({ epsilon: 1e-5 })])],
  [
    'Activation layers: elu, softplus, relu6, swish, gelu, hardSigmoid',
    () =>
      seq(
        [6],
        ['elu', 'softplus', 'relu6', 'swish', 'gelu', 'hardSigmoid'].map((a) => L.activation({ activation: a as 'elu' })),
      ),
  ],
  ['Softmax, ReLU and LeakyReLU layers', () => seq([5], [L.leakyReLU({ alpha: 0.1 }), L.reLU(), L.dense({ units: 3 }), L.softmax()])],
  [
    'Add and Concatenate of two branches',
    () => {
      const input = tf.input({ shape: [4] });
      const a = L.dense({ units: 3 }).apply(input) as Sym;
      const b = L.dense({ units: 3 }).apply(input) as Sym;
      return tf.model({ inputs: input, outputs: L.concatenate().apply([L.add().apply([a, b]) as Sym, a]) as Sym });
    },
  ],
  [
    'Embedding then GlobalAveragePooling1D',
    () => seq([6], [L.embedding({ inputDim: 12, outputDim: 4 }), L.globalAveragePooling1d({})]),
    12,
  ],
  [
    'PositionEmbedding, LayerNorm and SequencePool (mean, no mask)',
    () =>
      seq(
        [6],
        [L.embedding({ inputDim: 12, outputDim: 4 }), new PositionEmbedding({}), new LayerNorm({}), new SequencePool({ mode: 'mean' })],
      ),
    12,
  ],
  [
    'MultiHeadSelfAttention without a mask, first-token pooling',
    () =>
      seq(
        [6],
        [L.embedding({ inputDim: 12, outputDim: 4 }), new MultiHeadSelfAttention({ heads: 2 }), new SequencePool({ mode: 'first' })],
      ),
    12,
  ],
  [
    'the transformer with masked attention and mean pooling',
    () => buildTransformer(tokens, { dModel: 8, heads: 2, layers: 1, ffDim: 8, dropout: 0, pool: 'mean', mask: true }, 1),
    12,
  ],
  [
    'the transformer with last-token pooling, two blocks',
    () => buildTransformer(tokens, { dModel: 8, heads: 4, layers: 2, ffDim: 8, dropout: 0.1, pool: 'last', mask: true }, 2),
    12,
  ],
  [
    'LeNet-5 on 28×28 images',
    () => buildLenet5({ inputKind: 'float', inputShape: [28, 28], classNames: ['0', '1', '2'] }, { width: 0.5 }, 3),
  ],
];

describe('ONNX export', () => {
  before(() => initBackend('wasm'));

  for (const [name, build, vocab] of cases) {
    it(`gives onnxruntime the tfjs outputs within 1e-4: ${name}`, async () => {
      const model = build();
      seedWeights(model, 7);
      const err = await maxExportError(model, rowsFor(model, 5, 11, vocab), 5);
      model.dispose();
      expect(err).to.be.below(1e-4);
    });
  }

  it('names the layer and its class when a layer has no exporter', () => {
    const model = seq([4, 3], [L.simpleRNN({ units: 2 })]);
    let err: unknown;
    try {
      exportOnnx(model);
    } catch (e) {
      err = e;
    }
    model.dispose();
    expect(isInputError(err) && err.code).to.equal('onnx-unexportable');
    expect((err as Error).message).to.match(/layer 'simple_rnn\w*' has class SimpleRNN, which has no ONNX exporter/);
  });
});
