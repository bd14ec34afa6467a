import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import * as ort from 'onnxruntime-node';
import { compressOnnx } from '../../harness/methods/onnx-weights.js';
import { nmMask } from '../../harness/methods/prune-masks.js';
import { gemmToMatMul } from '../../harness/runtimes/onnx-gemm.js';
import { OnnxGraph, int } from '../../harness/runtimes/onnx-graph.js';
import { decodeOnnxFile, importOnnx } from '../../harness/runtimes/onnx-import.js';
import { affineCodes, onnxWeights, rewriteOnnxWeights } from '../../harness/runtimes/onnx-weights.js';
import type { Dataset } from '../../harness/data/types.js';
import { inputError } from '../helpers/errors.js';
import { fixture } from '../helpers/paths.js';

const FIXTURE = fixture('onnx/digits-cnn.onnx');

/** x [1, 2] · W [2, 2] as a one-node graph on the weights `w` (row-major). */
function matmulGraph(w: number[]): OnnxGraph {
  const g = new OnnxGraph();
  g.input = { name: 'x', dims: [2] };
  g.outputs = [g.op('MatMul', ['x', g.constant('w', w, [2, 2])], {}, 'y')];
  return g;
}

async function run(bytes: Uint8Array, name: string, x: number[], dims: number[]): Promise<number[]> {
  const s = await ort.InferenceSession.create(bytes);
  try {
    const out = await s.run({ [name]: new ort.Tensor('float32', Float32Array.from(x), dims) });
    return Array.from(out[s.outputNames[0]].data as Float32Array);
  } finally {
    await s.release();
  }
}

describe('ONNX initializer rewriting', () => {
  it('codes values on 2^bits levels with zero exact', () => {
    const c = affineCodes(Float32Array.from([-1, 0, 0.5, 2]), 2);
    // lo −1, hi 2, 3 steps: scale 1, zero point 1; 0.5 rounds up to the code of 1.
    expect(c.scale).to.equal(1);
    expect(c.zeroPoint).to.equal(1);
    expect(Array.from(c.codes)).to.deep.equal([0, 1, 2, 3]);
  });

  it('stores float16 weights behind a Cast that onnxruntime runs, computing with the rounded halves', async () => {
    const g = matmulGraph([1, 0.1, -2, 3.3333]);
    const done = rewriteOnnxWeights(g, () => ({ storage: { kind: 'float16' } }));
    expect(g.nodes.map((n) => n.opType)).to.deep.equal(['Cast', 'MatMul']);
    expect(g.initializers.get('w_fp16')!.type).to.equal('float16');
    // float16(0.1) = 0.0999755859375, float16(3.3333) = 1707 · 2^-9 = 3.333984375.
    expect(Array.from(done.get('w')!)).to.deep.equal([1, 0.0999755859375, -2, 3.333984375]);
    const y = await run(g.encode('test'), 'x', [1, 1], [1, 2]);
    expect(y[0]).to.equal(-1);
    expect(y[1]).to.be.closeTo(0.0999755859375 + 3.333984375, 1e-6);
  });

  it('stores 2-bit weights as uint8 codes behind DequantizeLinear', async () => {
    const g = matmulGraph([-1, 0, 0.5, 2]);
    rewriteOnnxWeights(g, () => ({ storage: { kind: 'affine', bits: 2 } }));
    expect(g.initializers.get('w_q')!.type).to.equal('uint8');
    // Dequantized [[−1, 0], [1, 2]]: x = [1, 1] gives [0, 2]; x = [2, 0] gives [−2, 0].
    expect(await run(g.encode('test'), 'x', [1, 1, 2, 0], [2, 2])).to.deep.equal([0, 2, -2, 0]);
  });

  it('gives each weight the input axis of its consumer', () => {
    const g = new OnnxGraph();
    const a = g.op('Gemm', ['x', g.constant('fc', new Float32Array(6), [3, 2])], { transB: int(1) });
    const b = g.op('Conv', [a, g.constant('conv', new Float32Array(8), [2, 4, 1, 1])]);
    g.op('MatMul', [b, g.constant('mm', new Float32Array(6), [2, 3])]);
    expect(Object.fromEntries(onnxWeights(g).map((w) => [w.name, w.inputAxis]))).to.deep.equal({ fc: 1, conv: 1, mm: 0 });
  });

  it('prunes N:M along an ONNX Conv weight input channels', () => {
    // W [out 2, in 4, 1, 1]: each output's 4 input weights keep their 2 largest magnitudes.
    const w = Float32Array.from([0.1, -0.4, 0.3, 0.2, 5, -1, 0.5, -6]);
    nmMask(w, [2, 4, 1, 1], { n: 2, m: 4 }, 1);
    expect(Array.from(w)).to.deep.equal([0, -0.4, 0.3, 0, 5, 0, 0, -6].map((v) => Math.fround(v)));
  });

  it('rewrites a Gemm with transB as MatMul + Add computing the same', async () => {
    const g = new OnnxGraph();
    g.input = { name: 'x', dims: [2] };
    g.outputs = [g.op('Gemm', ['x', g.constant('w', [1, 2, 3, 4], [2, 2]), g.constant('b', [10, 20], [2])], { transB: int(1) }, 'y')];
    const before = await run(g.encode('test'), 'x', [1, 1], [1, 2]);
    expect(gemmToMatMul(g)).to.equal(1);
    expect(g.nodes.map((n) => n.opType)).to.deep.equal(['MatMul', 'Add']);
    // y = x · Wᵀ + b = [1 + 2 + 10, 3 + 4 + 20].
    expect(before).to.deep.equal([13, 27]);
    expect(await run(g.encode('test'), 'x', [1, 1], [1, 2])).to.deep.equal([13, 27]);
  });
});

describe('ONNX import', () => {
  const bytes = readFileSync(FIXTURE);
  const rows = Float32Array.from({ length: 2 * 64 }, (_, i) => (i % 7) / 7);

  it('re-encodes the fixture unchanged in what it computes, with its Constant bias and float_data bias as initializers', async () => {
    const g = importOnnx(decodeOnnxFile(bytes, FIXTURE), FIXTURE, [8, 8, 1]);
    expect(g.nodes.some((n) => n.opType === 'Constant')).to.equal(false);
    expect(g.initializers.get('fc2.bias')!.dims).to.deep.equal([3]);
    expect(g.initializers.get('conv.bias')!.values.length).to.equal(4);
    expect(g.input.name).to.equal('pixels');
    const want = await run(bytes, 'pixels', Array.from(rows), [2, 8, 8, 1]);
    expect(await run(g.encode('slimbench'), 'pixels', Array.from(rows), [2, 8, 8, 1])).to.deep.equal(want);
  });

  it('prunes the fixture so that a share of each kernel is zero and the file still runs', async () => {
    const g = importOnnx(decodeOnnxFile(bytes, FIXTURE), FIXTURE, [8, 8, 1]);
    const r = await compressOnnx(g, 'prune', { sparsity: 0.5 }, 'p', {} as Dataset);
    const fc1 = r.weights!.get('fc1.weight')!;
    expect(fc1.filter((v) => v === 0).length).to.equal(fc1.length / 2);
    expect(await run(g.encode('slimbench'), 'pixels', Array.from(rows), [2, 8, 8, 1])).to.have.length(6);
  });

  it('refuses settings that need a layers model, naming the variant', async () => {
    const g = importOnnx(decodeOnnxFile(bytes, FIXTURE), FIXTURE, [8, 8, 1]);
    const err = await compressOnnx(g, 'quantize', { bits: 12 }, 'q12', {} as Dataset).catch((e: unknown) => e);
    expect((err as Error).message).to.match(/variant 'q12': quantize bits 12 on an ONNX file: .* use bits 2\.\.8, or dtype float16/);
  });

  it('rejects truncated bytes, naming the file and the fix', () => {
    const err = inputError(() => decodeOnnxFile(bytes.subarray(0, 2000), '/x/model.onnx'), 'onnx-bad-model');
    expect(err.message).to.match(/^\/x\/model\.onnx: not .*ONNX model .*truncated, corrupt or not ONNX — re-export it/);
  });

  it('rejects a file that is not ONNX', () => {
    inputError(() => decodeOnnxFile(new TextEncoder().encode('name,label\n1,2\n'), '/x/data.onnx'), 'onnx-bad-model');
  });
});
