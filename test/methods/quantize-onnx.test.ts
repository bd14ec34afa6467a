import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { expect } from 'chai';
import { buildLenet300100 } from '../../harness/models/lenet.js';
import { trainModel } from '../../harness/models/train.js';
import { quantize, quantizeSettings } from '../../harness/methods/quantize.js';
import { argmaxRows } from '../../harness/measure/quality.js';
import type { Dataset } from '../../harness/data/types.js';
import { tinyContext, tinyDataset, useWasm } from './compress-fixtures.js';
import { rejectedInputError } from '../helpers/errors.js';

const dataset: Dataset = tinyDataset(600, 16, 4, 3);
const ctx = tinyContext(dataset);
let model: tf.LayersModel;

/** Test accuracy of ONNX model bytes on onnxruntime-node. */
async function onnxAccuracy(bytes: Uint8Array): Promise<number> {
  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', dataset.test.x, [dataset.test.n, 16]) });
  await s.release();
  const predicted = argmaxRows(out[s.outputNames[0]].data as Float32Array, 4);
  return predicted.filter((p, i) => p === dataset.test.y[i]).length / dataset.test.n;
}

function opTypes(bytes: Uint8Array): Set<string> {
  return new Set(
    new TextDecoder('latin1').decode(bytes).match(/MatMulInteger|DynamicQuantizeLinear|QuantizeLinear|DequantizeLinear|MatMul/g),
  );
}

describe('methods/quantize to integer ONNX', () => {
  before(async () => {
    await useWasm();
    model = buildLenet300100({ inputKind: 'float', inputShape: [16], classNames: ['a', 'b', 'c', 'd'] }, { width: 0.25 }, 1);
    await trainModel(model, dataset.train, dataset, { epochs: 25, batchSize: 32, learningRate: 0.01 }, 1);
  });
  after(() => model.dispose());

  it('keeps at least 99% of the float accuracy with dynamic int8 (LeNet-300-100 shape)', async () => {
    const { onnx } = await quantize.apply(model, quantizeSettings.parse({ format: 'onnx-dynamic' }), ctx);
    const fp32 = tf.tidy(() =>
      argmaxRows((model.predict(tf.tensor(dataset.test.x, [dataset.test.n, 16])) as tf.Tensor).dataSync() as Float32Array, 4),
    );
    const floatAccuracy = fp32.filter((p, i) => p === dataset.test.y[i]).length / dataset.test.n;
    expect(floatAccuracy).to.be.above(0.8);
    expect(await onnxAccuracy(onnx!.bytes)).to.be.at.least(0.99 * floatAccuracy);
  });

  it('writes int8 weights behind MatMulInteger for onnx-dynamic', async () => {
    const { onnx, info } = await quantize.apply(model, quantizeSettings.parse({ format: 'onnx-dynamic' }), ctx);
    expect([...opTypes(onnx!.bytes)]).to.include.members(['MatMulInteger', 'DynamicQuantizeLinear']);
    expect(info.nodesQuantized).to.equal(3);
    // 16·75 + 75·25 + 25·4 = 3175 kernel values save 3 bytes each as int8; the new nodes, scales, zero points and their names cost under 2 kB.
    const saved = (info.fp32OnnxBytes as number) - onnx!.bytes.length;
    expect(saved).to.be.within(3 * 3175 - 2000, 3 * 3175);
  });

  it('keeps the accuracy with static QDQ calibrated on training rows, per channel', async () => {
    const { onnx, info } = await quantize.apply(
      model,
      quantizeSettings.parse({ format: 'onnx-static', perChannel: true, calibrationRows: 128 }),
      ctx,
    );
    const fp32 = await quantize.apply(model, quantizeSettings.parse({ format: 'onnx-dynamic' }), ctx);
    expect(info.calibrationRows).to.equal(128);
    expect(opTypes(onnx!.bytes).has('QuantizeLinear')).to.equal(true);
    expect(await onnxAccuracy(onnx!.bytes)).to.be.at.least(0.98 * (await onnxAccuracy(fp32.onnx!.bytes)));
  });

  it('leaves the tfjs model float: the integer model ships as ONNX', async () => {
    const before = model.getWeights()[0].dataSync().slice();
    const result = await quantize.apply(model, quantizeSettings.parse({ format: 'onnx-static', calibration: 'percentile' }), ctx);
    expect(result.encoding).to.equal(undefined);
    expect(Array.from(result.model.getWeights()[0].dataSync())).to.deep.equal(Array.from(before));
  });

  it('keeps MatMuls below minDim float32 and says which in the record', async () => {
    // Kernels 16×75, 75×25, 25×4: minDim 20 leaves the first (16 per output) and the last (4 per input value) float32.
    const { onnx, info } = await quantize.apply(model, quantizeSettings.parse({ format: 'onnx-dynamic', minDim: 20 }), ctx);
    expect(info.quantizedOps).to.deep.equal({ MatMul: 1 });
    expect(info.nodesQuantized).to.equal(1);
    const kept = info.keptFloat as string[];
    expect(kept).to.have.length(2);
    expect(kept[0]).to.match(/ \(MatMul, 16 multiply-adds per output < minDim 20\)$/);
    expect(kept[1]).to.match(/ \(MatMul, 4 multiply-adds per input value < minDim 20\)$/);
    // Only the 75·25 = 1875 kernel values of the middle layer are int8 now.
    const saved = (info.fp32OnnxBytes as number) - onnx!.bytes.length;
    expect(saved).to.be.within(3 * 1875 - 1000, 3 * 1875);
  });

  it('fails with a clear message when the selection leaves nothing to quantize', async () => {
    const err = await rejectedInputError(
      quantize.apply(model, quantizeSettings.parse({ format: 'onnx-dynamic', ops: ['conv'] }), ctx),
      'quantize-onnx-nothing',
    );
    expect(err.message).to.include('matmul not in ops');
  });

  it('rejects the onnx-only settings with format weights', () => {
    const r = quantizeSettings.safeParse({ bits: 8, ops: ['matmul'] });
    expect(r.success).to.equal(false);
    expect(r.error!.issues[0].path).to.deep.equal(['ops']);
    expect(r.error!.issues[0].message).to.include('applies to the onnx formats only');
  });

  it('rejects bits with an onnx format: those are int8', () => {
    const r = quantizeSettings.safeParse({ format: 'onnx-dynamic', bits: 4 });
    expect(r.success).to.equal(false);
    expect(r.error!.issues[0].message).to.include("applies to format 'weights' only");
  });
});
