import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'chai';
import { Rng } from '../../harness/data/random.js';
import { registerWasmTrainingKernels } from '../../harness/engine/kernels/index.js';

type Backend = 'cpu' | 'wasm';
type Shape4 = [number, number, number, number];

/** Uniform values in [-1, 1) from a seeded generator. */
function seeded(size: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: size }, () => rng.next() * 2 - 1);
}

/** Tensors made by the engine and buffers held by the current backend. */
function counts(): [number, number] {
  return [tf.memory().numTensors, tf.engine().backend.numDataIds()];
}

/** Runs `build` on `backend` and returns its values, checking that nothing is left behind. */
async function runOn(backend: Backend, build: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const before = counts();
  const result = tf.tidy(build);
  const values = Float32Array.from(result.dataSync());
  result.dispose();
  expect(counts(), `tensors left behind on ${backend}`).to.deep.equal(before);
  return values;
}

/** Runs `wasm` on wasm and `cpu` on cpu and expects equal values within 1e-4 relative. */
async function expectSameOnBoth(wasm: () => tf.Tensor, cpu: () => tf.Tensor = wasm): Promise<void> {
  const ref = await runOn('cpu', cpu);
  const got = await runOn('wasm', wasm);
  expect(got.length).to.equal(ref.length);
  const scale = Math.max(1, ...ref.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got[i] - ref[i]));
  expect(worst / scale).to.be.below(1e-4);
}

function tensor4(shape: Shape4, seed: number): tf.Tensor4D {
  return tf.tensor4d(seeded(shape[0] * shape[1] * shape[2] * shape[3], seed), shape);
}

/** The filter a dilation-`d` conv effectively uses: taps `d` apart, zeros between. */
function dilateFilter(f: tf.Tensor4D, d: number): tf.Tensor4D {
  const [kh, kw, ci, co] = f.shape;
  const spread = tf.pad(f.reshape([kh, 1, kw, 1, ci, co]), [
    [0, 0],
    [0, d - 1],
    [0, 0],
    [0, d - 1],
    [0, 0],
    [0, 0],
  ]);
  const full = spread.reshape([kh * d, kw * d, ci, co]);
  return full.slice([0, 0, 0, 0], [(kh - 1) * d + 1, (kw - 1) * d + 1, ci, co]) as tf.Tensor4D;
}

/** Keeps every `d`-th tap of a gradient computed for the dilated-out filter. */
function everyNthTap(g: tf.Tensor4D, d: number): tf.Tensor {
  return tf.stridedSlice(g, [0, 0, 0, 0], g.shape, [d, d, 1, 1]);
}

const convCases = [
  { stride: 1, pad: 'same', dilation: 1 },
  { stride: 1, pad: 'valid', dilation: 1 },
  { stride: 2, pad: 'same', dilation: 1 },
  { stride: 2, pad: 'valid', dilation: 1 },
  { stride: 1, pad: 'same', dilation: 2 },
  { stride: 1, pad: 'valid', dilation: 2 },
] as const;

/** The output size of a conv along one axis. */
function outSize(size: number, k: number, stride: number, pad: 'same' | 'valid', dilation: number): number {
  const eff = (k - 1) * dilation + 1;
  return pad === 'same' ? Math.ceil(size / stride) : Math.ceil((size - eff + 1) / stride);
}

describe('wasm training kernels', () => {
  let previous: string | undefined;
  before(() => {
    previous = tf.getBackend();
    registerWasmTrainingKernels();
  });
  after(async () => {
    if (previous) await tf.setBackend(previous);
  });

  it('registers the four missing kernels and three faster replacements', () => {
    expect(registerWasmTrainingKernels().sort()).to.deep.equal([
      'BatchMatMul',
      'Conv2DBackpropFilter',
      'Conv2DBackpropInput',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'MaxPoolGrad',
      'UnsortedSegmentSum',
    ]);
  });

  it('is safe to call twice: the second call changes no kernel', () => {
    const names = registerWasmTrainingKernels();
    const funcs = names.map((name) => tf.getKernel(name, 'wasm')?.kernelFunc);
    expect(registerWasmTrainingKernels()).to.deep.equal(names);
    expect(names.map((name) => tf.getKernel(name, 'wasm')?.kernelFunc)).to.deep.equal(funcs);
  });

  describe('Conv2DBackpropFilter', () => {
    const xShape: Shape4 = [2, 9, 10, 3];
    const k = 3;
    const co = 4;
    for (const { stride, pad, dilation } of convCases) {
      it(`matches cpu for stride ${stride}, padding '${pad}', dilation ${dilation}`, async () => {
        const dyShape: Shape4 = [2, outSize(9, k, stride, pad, dilation), outSize(10, k, stride, pad, dilation), co];
        const run = (filterSize: number, dilations: number) => () => {
          const x = tensor4(xShape, 1);
          const dy = tensor4(dyShape, 2);
          return tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
            strides: stride,
            pad,
            dataFormat: 'NHWC',
            filterShape: [filterSize, filterSize, 3, co],
            dilations,
          } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
        };
        // The cpu kernel has no dilation; its gradient for the dilated-out filter, subsampled, is the reference.
        const eff = (k - 1) * dilation + 1;
        await expectSameOnBoth(run(k, dilation), () => everyNthTap(run(eff, 1)(), dilation));
      });
    }

    it('matches cpu for a 5x5 filter on a channels-first input', async () => {
      await expectSameOnBoth(() => {
        const x = tensor4([3, 2, 11, 12], 3);
        const dy = tensor4([3, 5, 4, 4], 4);
        return tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
          strides: 2,
          pad: 'valid',
          dataFormat: 'NCHW',
          filterShape: [5, 5, 2, 5],
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
      });
    });
  });

  describe('DepthwiseConv2dNativeBackpropFilter', () => {
    const xShape: Shape4 = [2, 9, 10, 3];
    const k = 3;
    for (const multiplier of [1, 2]) {
      for (const { stride, pad, dilation } of convCases) {
        it(`matches cpu for multiplier ${multiplier}, stride ${stride}, padding '${pad}', dilation ${dilation}`, async () => {
          const dyShape: Shape4 = [2, outSize(9, k, stride, pad, dilation), outSize(10, k, stride, pad, dilation), 3 * multiplier];
          const run = (filterSize: number, dilations: number) => () => {
            const x = tensor4(xShape, 5);
            const dy = tensor4(dyShape, 6);
            return tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x, dy }, {
              strides: stride,
              pad,
              dilations,
              filterShape: [filterSize, filterSize, 3, multiplier],
            } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
          };
          // The cpu kernel only uses dilation for padding, not for indexing, so compare with
          // the gradient of the equivalent undilated filter instead.
          const eff = (k - 1) * dilation + 1;
          await expectSameOnBoth(run(k, dilation), () => everyNthTap(run(eff, 1)(), dilation));
        });
      }
    }
  });

  describe('DepthwiseConv2dNativeBackpropInput', () => {
    const inputShape: Shape4 = [2, 9, 10, 3];
    const k = 3;
    for (const multiplier of [1, 3]) {
      for (const { stride, pad, dilation } of convCases) {
        it(`matches cpu for multiplier ${multiplier}, stride ${stride}, padding '${pad}', dilation ${dilation}`, async () => {
          const dyShape: Shape4 = [2, outSize(9, k, stride, pad, dilation), outSize(10, k, stride, pad, dilation), 3 * multiplier];
          const run = (dilate: boolean) => () => {
            const dy = tensor4(dyShape, 7);
            const filter = tensor4([k, k, 3, multiplier], 8);
            return tf.engine().runKernel(
              tf.DepthwiseConv2dNativeBackpropInput,
              {
                dy,
                filter: dilate ? dilateFilter(filter, dilation) : filter,
              },
              {
                strides: stride,
                pad,
                dilations: dilate ? 1 : dilation,
                inputShape,
              } as unknown as tf.NamedAttrMap,
            ) as tf.Tensor;
          };
          await expectSameOnBoth(run(false), run(true));
        });
      }
    }

    it('matches cpu for stride 2 on an odd-sized input with a 1x1 filter', async () => {
      await expectSameOnBoth(
        () =>
          tf.engine().runKernel(
            tf.DepthwiseConv2dNativeBackpropInput,
            {
              dy: tensor4([1, 5, 5, 4], 9),
              filter: tensor4([1, 1, 2, 2], 10),
            },
            { strides: 2, pad: 'same', dilations: 1, inputShape: [1, 9, 9, 2] } as unknown as tf.NamedAttrMap,
          ) as tf.Tensor,
      );
    });
  });

  describe('Conv2DBackpropInput (replaced)', () => {
    const inputShape: Shape4 = [2, 9, 10, 3];
    for (const { stride, pad } of convCases.filter((c) => c.dilation === 1)) {
      it(`matches cpu for stride ${stride}, padding '${pad}'`, async () => {
        const dyShape: Shape4 = [2, outSize(9, 3, stride, pad, 1), outSize(10, 3, stride, pad, 1), 4];
        await expectSameOnBoth(
          () =>
            tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: tensor4(dyShape, 14), filter: tensor4([3, 3, 3, 4], 15) }, {
              strides: stride,
              pad,
              dataFormat: 'NHWC',
              inputShape,
            } as unknown as tf.NamedAttrMap) as tf.Tensor,
        );
      });
    }

    it('matches cpu for a 5x4 filter on a channels-first input', async () => {
      await expectSameOnBoth(
        () =>
          tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: tensor4([2, 4, 7, 5], 16), filter: tensor4([5, 4, 3, 4], 17) }, {
            strides: 1,
            pad: 'same',
            dataFormat: 'NCHW',
            inputShape: [2, 3, 7, 5],
          } as unknown as tf.NamedAttrMap) as tf.Tensor,
      );
    });
  });

  describe('MaxPoolGrad (replaced)', () => {
    const cases = [
      { size: 2, stride: 2, pad: 'valid' },
      { size: 3, stride: 2, pad: 'same' },
      { size: 3, stride: 1, pad: 'same' },
      { size: 2, stride: 1, pad: 'valid' },
    ] as const;
    for (const { size, stride, pad } of cases) {
      it(`matches cpu for a ${size}x${size} pool, stride ${stride}, padding '${pad}', with tied and negative maxima`, async () => {
        await expectSameOnBoth(() => {
          // Rounded, so that windows often hold several equal maxima, and some are all negative.
          const input = tf.round(tensor4([2, 7, 8, 3], 18).mul(2)) as tf.Tensor4D;
          const output = tf.maxPool(input, size, stride, pad);
          const dy = tensor4(output.shape, 19);
          return tf.engine().runKernel(tf.MaxPoolGrad, { dy, input, output }, {
            filterSize: size,
            strides: stride,
            pad,
          } as unknown as tf.NamedAttrMap) as tf.Tensor;
        });
      });
    }
  });

  describe('BatchMatMul (replaced)', () => {
    const cases = [
      { a: [5, 7], b: [7, 4], ta: false, tb: false },
      { a: [7, 5], b: [7, 4], ta: true, tb: false },
      { a: [5, 7], b: [4, 7], ta: false, tb: true },
      { a: [3, 7, 5], b: [3, 4, 7], ta: true, tb: true },
      { a: [2, 3, 5, 7], b: [1, 1, 4, 7], ta: false, tb: true },
    ];
    for (const { a, b, ta, tb } of cases) {
      it(`matches cpu for [${a}] x [${b}] with transposeA=${ta}, transposeB=${tb}`, async () => {
        await expectSameOnBoth(() => {
          const size = (shape: number[]) => shape.reduce((p, q) => p * q, 1);
          return tf.matMul(tf.tensor(seeded(size(a), 20), a), tf.tensor(seeded(size(b), 21), b), ta, tb);
        });
      });
    }
  });

  describe('training on wasm', () => {
    /** conv → pool → conv → dense, with a depthwise conv so every new kernel is on the path. */
    function smallCnn(): tf.Sequential {
      let seed = 100;
      const init = () => tf.initializers.glorotUniform({ seed: seed++ });
      return tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [12, 12, 2], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: init() }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init() }),
          tf.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2, activation: 'relu', depthwiseInitializer: init() }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init() }),
        ],
      });
    }

    function embeddingModel(): tf.Sequential {
      return tf.sequential({
        layers: [
          tf.layers.embedding({
            inputDim: 20,
            outputDim: 6,
            inputLength: 5,
            embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 200 }),
          }),
          tf.layers.layerNormalization(),
          tf.layers.flatten(),
          tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 201 }) }),
        ],
      });
    }

    function cnnBatch(): [tf.Tensor, tf.Tensor] {
      const labels = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32');
      return [tf.tensor4d(seeded(8 * 12 * 12 * 2, 21), [8, 12, 12, 2]), tf.oneHot(labels, 3).toFloat()];
    }

    function tokenBatch(): [tf.Tensor, tf.Tensor] {
      const ids = Float32Array.from({ length: 6 * 5 }, (_, i) => (i * 7) % 20);
      ids[3] = ids[4] = ids[9] = 11; // repeated ids inside and across rows
      return [tf.tensor2d(ids, [6, 5]), tf.oneHot(tf.tensor1d([0, 1, 2, 2, 1, 0], 'int32'), 3).toFloat()];
    }

    /** Trains `steps` Adam steps on one batch and returns the losses; disposes everything. */
    async function losses(backend: Backend, build: () => tf.Sequential, batch: () => [tf.Tensor, tf.Tensor], steps: number) {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const model = build();
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
      const [x, y] = tf.tidy(batch);
      const out: number[] = [];
      for (let i = 0; i < steps; i++) out.push((await model.trainOnBatch(x, y)) as number);
      const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
      tf.dispose([x, y]);
      model.optimizer.dispose();
      model.dispose();
      expect(tf.memory().numTensors, 'tensors left behind').to.equal(before);
      return { losses: out, weights };
    }

    function expectDecreasing(values: number[]): void {
      for (const v of values) expect(Number.isFinite(v)).to.equal(true);
      expect(values[values.length - 1]).to.be.below(values[0] * 0.9);
    }

    it('trains a small CNN with decreasing loss', async () => {
      expectDecreasing((await losses('wasm', smallCnn, cnnBatch, 6)).losses);
    });

    it('trains an Embedding model with decreasing loss', async () => {
      expectDecreasing((await losses('wasm', embeddingModel, tokenBatch, 6)).losses);
    });

    it('gives the same weights after two CNN steps as the cpu backend', async () => {
      const cpu = await losses('cpu', smallCnn, cnnBatch, 2);
      const wasm = await losses('wasm', smallCnn, cnnBatch, 2);
      wasm.weights.forEach((w, i) => {
        const worst = w.reduce((m, v, j) => Math.max(m, Math.abs(v - cpu.weights[i][j])), 0);
        expect(worst, `weight ${i}`).to.be.below(1e-4);
      });
    });
  });

  describe('UnsortedSegmentSum', () => {
    it('sums rows with repeated ids and leaves unused segments zero', async () => {
      await expectSameOnBoth(() => tf.unsortedSegmentSum(tf.tensor2d(seeded(24, 11), [6, 4]), tf.tensor1d([0, 2, 2, 5, 0, 2], 'int32'), 7));
    });

    it('sums rank-3 values row by row', async () => {
      await expectSameOnBoth(() => {
        const ids = tf.tensor1d([1, 3, 1, 3], 'int32');
        return tf.unsortedSegmentSum(tf.tensor3d(seeded(4 * 2 * 5, 12), [4, 2, 5]), ids, 4);
      });
    });

    it('sums int32 values', async () => {
      await expectSameOnBoth(() =>
        tf.unsortedSegmentSum(tf.tensor1d([5, -2, 7, 1], 'int32'), tf.tensor1d([1, 1, 0, 1], 'int32'), 2).toFloat(),
      );
    });

    it('drops ids outside the segment range as the cpu backend does', async () => {
      await expectSameOnBoth(() => tf.unsortedSegmentSum(tf.tensor2d(seeded(10, 13), [5, 2]), tf.tensor1d([0, -1, 3, 1, 0], 'int32'), 2));
    });
  });
});
