import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { pruneStructured, pruneStructuredSettings, strongestUnits, unitNorms } from '../../harness/methods/prune-structured.js';
import type { LeftLayer } from '../../harness/methods/structured-plan.js';
import { denseNet, maxDiff, outputs, seedWeights, tinyContext, tinyDataset, useWasm } from './compress-fixtures.js';

const ctx = tinyContext(tinyDataset());
/** Disposes tensors and models. */
function free(...items: (tf.Tensor | tf.LayersModel)[]): void {
  for (const item of items) item.dispose();
}

const shapes = (m: tf.LayersModel): number[][] => m.weights.map((w) => w.shape as number[]);
const apply = (m: tf.LayersModel, settings: Record<string, unknown>) =>
  pruneStructured.apply(m, pruneStructuredSettings.parse(settings), ctx);

/** Multiplies the kernel column (and bias) of every output unit `j` of a layer by `scale[j]`. */
function scaleUnits(layer: tf.layers.Layer, scale: number[]): void {
  tf.tidy(() => {
    const s = tf.tensor1d(scale);
    layer.setWeights(layer.getWeights().map((w) => w.mul(s)));
  });
}

/** Zeroes the kernel columns and biases of `units` of a layer (their contribution removed by hand). */
function zeroUnits(layer: tf.layers.Layer, units: number[]): void {
  const n = layer.getWeights()[1].shape[0];
  scaleUnits(
    layer,
    Array.from({ length: n }, (_, j) => (units.includes(j) ? 0 : 1)),
  );
}

describe('methods/prune-structured', () => {
  before(useWasm);

  it('rebuilds an identical model when the amount is 0', async () => {
    const model = denseNet();
    const x = tf.randomUniform([5, 8], -1, 1, 'float32', 1);
    const { model: rebuilt } = await apply(model, { amount: 0 });
    expect(rebuilt).to.not.equal(model);
    expect(shapes(rebuilt)).to.deep.equal(shapes(model));
    expect(Array.from(outputs(rebuilt, x))).to.deep.equal(Array.from(outputs(model, x)));
    free(x, model, rebuilt);
  });

  it('removes the weakest units and gives the outputs of the original without them (hand-checked 2 → 4 → 2 net)', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 4, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 2 })],
    });
    // Unit L1 norms 3, 0.5, 4, 1 → amount 0.5 keeps units 0 and 2.
    model.layers[0].setWeights([
      tf.tensor2d([
        [1, 0.25, -3, 0.5],
        [-2, 0.25, 1, -0.5],
      ]),
      tf.tensor1d([0.1, 0.2, -0.3, 0.4]),
    ]);
    model.layers[1].setWeights([
      tf.tensor2d([
        [1, 2],
        [3, 4],
        [5, 6],
        [7, 8],
      ]),
      tf.tensor1d([0.5, -0.5]),
    ]);
    const { model: small, info } = await apply(model, { amount: 0.5 });
    expect(shapes(small)).to.deep.equal([[2, 2], [2], [2, 2], [2]]);
    expect(info.layers).to.deep.equal([{ layer: model.layers[0].name, className: 'Dense', before: 4, after: 2 }]);
    // x = [1, -1]: unit 0 = relu(1 + 2 + 0.1) = 3.1, unit 2 = relu(-3 - 1 - 0.3) = 0 → y = 3.1 · [1, 2] + [0.5, -0.5] = [3.6, 5.7].
    // x = [-1, 0]: unit 0 = relu(-1 + 0.1) = 0, unit 2 = relu(3 - 0.3) = 2.7 → y = 2.7 · [5, 6] + [0.5, -0.5] = [14, 15.7].
    const y = outputs(
      small,
      tf.tensor2d([
        [1, -1],
        [-1, 0],
      ]),
    );
    expect(maxDiff(y, [3.6, 5.7, 14, 15.7])).to.be.below(1e-5);
    free(model, small);
  });

  it('matches the original with the pruned units zeroed on a deeper Dense net', async () => {
    const model = denseNet(8, [6, 5], 3, 4);
    scaleUnits(model.layers[0], [1, 0.1, 2, 0.2, 3, 0.3]);
    scaleUnits(model.layers[1], [0.1, 1, 0.2, 5, 10]);
    const { model: small } = await apply(model, { amount: 0.5 });
    expect(shapes(small)).to.deep.equal([[8, 3], [3], [3, 2], [2], [2, 3], [3]]);
    zeroUnits(model.layers[0], [1, 3, 5]);
    zeroUnits(model.layers[1], [0, 1, 2]);
    const x = tf.randomUniform([6, 8], -1, 1, 'float32', 2);
    expect(maxDiff(outputs(small, x), outputs(model, x))).to.be.below(1e-6);
    free(x, model, small);
  });

  it('slices conv filters, the next conv input channels and the dense rows after flatten in NHWC order', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 4, kernelSize: 2, activation: 'relu' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3 }),
      ],
    });
    seedWeights(model, 7);
    scaleUnits(model.layers[0], [1, 0.1, 2, 0.2]);
    scaleUnits(model.layers[2], [3, 0.3, 0.1, 1]);
    const { model: small, info } = await apply(model, { amount: 0.5, norm: 'l2' });
    expect(shapes(small)).to.deep.equal([[3, 3, 2, 2], [2], [2, 2, 2, 2], [2], [2 * 2 * 2, 3], [3]]);
    expect((info.left as LeftLayer[]).map((l) => l.reason)).to.deep.equal(['output layer']);
    zeroUnits(model.layers[0], [1, 3]);
    zeroUnits(model.layers[2], [1, 2]);
    const x = tf.randomUniform([4, 6, 6, 2], -1, 1, 'float32', 3);
    expect(maxDiff(outputs(small, x), outputs(model, x))).to.be.below(1e-5);
    free(x, model, small);
  });

  it('never prunes the output layer', async () => {
    const model = denseNet(8, [4], 6);
    const { model: small, info } = await apply(model, { amount: 0.9 });
    expect(small.outputs[0].shape).to.deep.equal([null, 6]);
    expect(info.left).to.deep.equal([{ layer: model.layers[1].name, className: 'Dense', reason: 'output layer' }]);
    free(model, small);
  });

  it('leaves a layer whose output feeds a residual add and lists it', async () => {
    const input = tf.input({ shape: [4] });
    const a = tf.layers.dense({ units: 4, activation: 'relu', name: 'into_add' }).apply(input) as tf.SymbolicTensor;
    const h = tf.layers.dense({ units: 8, activation: 'relu', name: 'hidden' }).apply(a) as tf.SymbolicTensor;
    const back = tf.layers.dense({ units: 4, name: 'back' }).apply(h) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([a, back]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2, activation: 'softmax', name: 'head' }).apply(sum) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const { model: small, info } = await apply(model, { amount: 0.5 });
    expect(small.getLayer('hidden').getWeights()[0].shape).to.deep.equal([4, 4]);
    expect(small.getLayer('back').getWeights()[0].shape).to.deep.equal([4, 4]);
    expect((info.left as LeftLayer[]).map((l) => l.layer)).to.deep.equal(['into_add', 'back', 'head']);
    expect((info.left as LeftLayer[])[0].reason).to.match(/feeds '.*' \(Add\)/);
    free(model, small);
  });

  it('fine-tunes the smaller model when asked', async () => {
    const model = denseNet();
    const { model: small, info } = await apply(model, { amount: 0.5, fineTuneEpochs: 1 });
    expect(info.fineTune).to.include({ epochs: 1, steps: 6 });
    expect(info.params).to.deep.equal({ before: 8 * 16 + 16 + 16 * 12 + 12 + 12 * 3 + 3, after: 8 * 8 + 8 + 8 * 6 + 6 + 6 * 3 + 3 });
    free(model, small);
  });

  it('ranks units by L1 or L2 norm over the kept input rows', () => {
    // Kernel [3 inputs, 2 units], row-major.
    const k = Float32Array.from([3, 1, 4, 1, 0, 2]);
    expect(Array.from(unitNorms(k, [3, 2], 'l1'))).to.deep.equal([7, 4]);
    expect(Array.from(unitNorms(k, [3, 2], 'l2'))).to.deep.equal([5, Math.sqrt(6)]);
    expect(Array.from(unitNorms(k, [3, 2], 'l1', Int32Array.from([2])))).to.deep.equal([0, 2]);
    expect(Array.from(strongestUnits(Float64Array.from([1, 5, 5, 0]), 2))).to.deep.equal([1, 2]);
  });

  it('rejects an amount outside 0..0.99 naming the range', () => {
    const r = pruneStructuredSettings.safeParse({ amount: 1 });
    expect(r.error?.issues[0].message).to.equal('amount must be in 0..0.99');
  });
});
