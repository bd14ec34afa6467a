import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'chai';
import { measureFlops } from '../../harness/measure/flops.js';
import { buildLenet300100, buildLenet5 } from '../../harness/models/lenet.js';
import { MultiHeadSelfAttention, SequencePool } from '../../harness/models/transformer-layers.js';

const classes = Array.from({ length: 10 }, (_, i) => `c${i}`);

/** A token model: Embedding(10, 8) → attention (2 heads) → LayerNorm → mean pool → Dense 3. */
function attentionModel(): tf.LayersModel {
  const ids = tf.input({ shape: [6] });
  const h = tf.layers.embedding({ inputDim: 10, outputDim: 8 }).apply(ids) as tf.SymbolicTensor;
  const a = new MultiHeadSelfAttention({ heads: 2, seed: 1 }).apply([h, ids]) as tf.SymbolicTensor;
  const n = tf.layers.layerNormalization().apply(a) as tf.SymbolicTensor;
  const p = new SequencePool({ mode: 'mean' }).apply([n, ids]) as tf.SymbolicTensor;
  return tf.model({ inputs: ids, outputs: tf.layers.dense({ units: 3 }).apply(p) as tf.SymbolicTensor });
}

describe('analytic FLOPs', () => {
  before(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('counts 266,200 multiply-adds for LeNet-300-100 on 784 inputs', () => {
    const m = buildLenet300100({ inputShape: [28, 28], inputKind: 'float', classNames: classes }, { width: 1 }, 1);
    const f = measureFlops(m);
    // 784·300 + 300·100 + 100·10
    expect(f.dense).to.equal(266_200);
    expect(f.effective).to.equal(266_200);
    expect(f.layers.map((l) => l.dense)).to.deep.equal([0, 235_200, 30_000, 1000]);
    m.dispose();
  });

  it('counts a convolution as output positions × kernel size', () => {
    const m = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'valid' }),
        tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }),
      ],
    });
    const f = measureFlops(m);
    // 6·6 positions × 3·3·3·4; then 3·3 positions (6 / 2) × 3·3·4·4.
    expect(f.layers.map((l) => l.dense)).to.deep.equal([36 * 108, 9 * 144]);
    m.dispose();
  });

  it('counts depthwise convolution, pooling and batch normalization by hand', () => {
    const m = tf.sequential({
      layers: [
        tf.layers.depthwiseConv2d({ inputShape: [8, 8, 3], kernelSize: 3, depthMultiplier: 2 }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.batchNormalization(),
        tf.layers.globalAveragePooling2d({}),
      ],
    });
    const f = measureFlops(m);
    // 6·6 × 3·3·3·2; 3·3·6 outputs × 2·2 window; 2 ops × 54 elements; 3·3·6 inputs summed.
    expect(f.layers.map((l) => [l.className, l.dense])).to.deep.equal([
      ['DepthwiseConv2D', 36 * 54],
      ['MaxPooling2D', 54 * 4],
      ['BatchNormalization', 108],
      ['GlobalAveragePooling2D', 54],
    ]);
    m.dispose();
  });

  it('counts LeNet-5 as the sum of its conv, pooling and dense layers', () => {
    const m = buildLenet5({ inputShape: [28, 28, 1], inputKind: 'float', classNames: classes }, { width: 1 }, 1);
    // conv1 28·28·25·6, pool 14·14·6·4, conv2 10·10·150·16, pool 5·5·16·4, dense 400·120 + 120·84 + 84·10
    const expected = 117_600 + 4704 + 240_000 + 1600 + 48_000 + 10_080 + 840;
    expect(measureFlops(m).dense).to.equal(expected);
    m.dispose();
  });

  it('halves the effective count of a Dense layer whose kernel is half zeros', () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 6 })] });
    const kernel = Float32Array.from({ length: 24 }, (_, i) => (i % 2 ? 0 : 1));
    m.layers[0].setWeights([tf.tensor2d(kernel, [4, 6]), tf.zeros([6])]);
    const f = measureFlops(m);
    expect(f.dense).to.equal(24);
    expect(f.effective).to.equal(12);
    m.dispose();
  });

  it('counts attention as QKV and output projections plus QKᵀ and softmax·V', () => {
    const m = attentionModel();
    const f = measureFlops(m);
    const byClass = Object.fromEntries(f.layers.map((l) => [l.className, l.dense]));
    // seq 6, width 8: 4 projections 4·6·8·8, QKᵀ and softmax·V 2·6·6·8.
    expect(byClass.MultiHeadSelfAttention).to.equal(4 * 6 * 64 + 2 * 36 * 8);
    expect(byClass.Embedding).to.equal(0);
    expect(byClass.LayerNormalization).to.equal(4 * 48);
    expect(byClass.SequencePool).to.equal(48);
    expect(byClass.Dense).to.equal(24);
    expect(f.uncounted).to.equal(undefined);
    m.dispose();
  });

  it('skips only the projections, not QKᵀ, when a projection kernel is zeroed', () => {
    const m = attentionModel();
    const att = m.layers.find((l) => l.getClassName() === 'MultiHeadSelfAttention')!;
    att.setWeights(att.getWeights().map((w, i) => (i === 0 ? tf.zerosLike(w) : w)));
    const layer = measureFlops(m).layers.find((l) => l.className === 'MultiHeadSelfAttention')!;
    expect(layer.effective).to.equal(layer.dense - 6 * 64);
    m.dispose();
  });

  it('lists layers of unknown classes instead of guessing their cost', () => {
    class Mystery extends tf.layers.Layer {
      static className = 'Mystery';
      override computeOutputShape(s: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
        return s;
      }
      override call(x: tf.Tensor | tf.Tensor[]): tf.Tensor {
        return Array.isArray(x) ? x[0] : x;
      }
    }
    const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 }), new Mystery({})] });
    const f = measureFlops(m);
    expect(f.uncounted).to.have.length(1);
    expect(f.uncounted![0]).to.match(/\(Mystery\)$/);
    expect(f.dense).to.equal(6);
    m.dispose();
  });
});
