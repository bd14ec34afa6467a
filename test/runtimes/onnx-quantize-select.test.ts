import * as ort from 'onnxruntime-node';
import { expect } from 'chai';
import { initBackend } from '../../harness/models/backend.js';
import { buildLenet5 } from '../../harness/models/lenet.js';
import { Rng } from '../../harness/data/random.js';
import { exportGraph } from '../../harness/runtimes/onnx-export.js';
import { quantizeDynamic } from '../../harness/runtimes/onnx-quantize-dynamic.js';
import { quantizeStatic } from '../../harness/runtimes/onnx-quantize-static.js';
import { selectQuantizable } from '../../harness/runtimes/onnx-quantize-select.js';
import type { OnnxGraph } from '../../harness/runtimes/onnx-graph.js';

const shape = { inputKind: 'float' as const, inputShape: [12, 12], classNames: ['a', 'b', 'c'] };
const graph = (): OnnxGraph => {
  const model = buildLenet5(shape, { width: 1 }, 1);
  const g = exportGraph(model);
  model.dispose();
  return g;
};
const ops = (g: OnnxGraph) => g.nodes.map((n) => n.opType);

/** Outputs of ONNX bytes on onnxruntime-node for `n` rows of 12×12. */
async function run(bytes: Uint8Array, x: Float32Array, n: number): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', x, [n, 12, 12]) });
  await s.release();
  return Float32Array.from(out[s.outputNames[0]].data as Float32Array);
}

describe('runtimes/onnx-quantize-select', () => {
  before(() => initBackend('wasm'));

  // LeNet-5 on 12×12, multiply-adds per output / per input value: conv1 1·5·5 = 25 / 6·5·5 = 150,
  // conv2 6·5·5 = 150 / 16·5·5 = 400, Dense 16 → 120: 16 / 120, 120 → 84: 120 / 84, 84 → 3: 84 / 3.
  it('counts multiply-adds per output and per input value of convs and MatMuls against minDim', () => {
    const { targets, ops: chosen } = selectQuantizable(graph(), { ops: ['matmul', 'conv'], minDim: 26 });
    expect(chosen.quantized).to.deep.equal({ Conv: 1, MatMul: 1 });
    expect(chosen.keptFloat).to.have.length(3);
    expect(chosen.keptFloat[0]).to.match(/\(Conv, 25 multiply-adds per output < minDim 26\)$/);
    expect(chosen.keptFloat[1]).to.match(/\(MatMul, 16 multiply-adds per output < minDim 26\)$/);
    expect(chosen.keptFloat[2]).to.match(/\(MatMul, 3 multiply-adds per input value < minDim 26\)$/);
    expect(targets.map((n) => n.opType)).to.deep.equal(['Conv', 'MatMul']);
  });

  it('keeps every Conv float32 in the dynamic pass when ops is [matmul]', () => {
    const g = graph();
    const result = quantizeDynamic(g, { perChannel: false, ops: ['matmul'], minDim: 0 });
    expect(result.quantized).to.deep.equal({ MatMul: 3 });
    expect(ops(g).filter((o) => o === 'Conv')).to.have.length(2);
    expect(ops(g)).to.not.include('ConvInteger');
    expect(ops(g).filter((o) => o === 'MatMulInteger')).to.have.length(3);
  });

  it('stays within 0.05 of the probabilities of the fp32 export with float convs, on onnxruntime', async () => {
    const rng = new Rng(5);
    const n = 64;
    const x = Float32Array.from({ length: n * 144 }, () => rng.next());
    const fp32 = await run(graph().encode('test'), x, n);
    const g = graph();
    quantizeDynamic(g, { perChannel: false, ops: ['matmul'], minDim: 0 });
    const int8 = await run(g.encode('test'), x, n);
    let maxDelta = 0;
    for (let i = 0; i < fp32.length; i++) maxDelta = Math.max(maxDelta, Math.abs(fp32[i] - int8[i]));
    expect(maxDelta).to.be.above(0); // the dense layers do run as integers
    expect(maxDelta).to.be.below(0.05);
  });

  it('leaves an unselected op out of the static QDQ pass', async () => {
    const g = graph();
    const x = Float32Array.from({ length: 16 * 144 }, (_, i) => (i % 13) / 13);
    const result = await quantizeStatic(g, x, 16, { perChannel: true, ops: ['conv'], minDim: 0, method: 'minmax', percentile: 99.99 });
    expect(result.quantized).to.deep.equal({ Conv: 2 });
    expect(result.keptFloat.every((k) => k.includes('(MatMul, matmul not in ops)'))).to.equal(true);
    // Each quantized Conv reads a dequantized input and weight (and bias); no MatMul does.
    const dqOutputs = new Set(g.nodes.filter((n) => n.opType === 'DequantizeLinear').map((n) => n.outputs[0]));
    for (const n of g.nodes.filter((m) => m.opType === 'MatMul')) expect(n.inputs.some((i) => dqOutputs.has(i))).to.equal(false);
    for (const n of g.nodes.filter((m) => m.opType === 'Conv')) expect(dqOutputs.has(n.inputs[1])).to.equal(true);
  });
});
