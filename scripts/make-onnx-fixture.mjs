#!/usr/bin/env node
// Writes test/fixtures/onnx/digits-cnn.onnx: a small convnet for the 8x8 digit PNGs (classes 0,
// 1, 7), trained here with tfjs and written as an ONNX file the way tf2onnx lays one out, without
// a converter: the protobuf built with onnx-proto, opset 13, an NHWC input 'pixels' [batch, 8, 8, 1]
// transposed to NCHW for Conv (weights [out, in, kh, kw]) → Relu → MaxPool → Transpose back →
// Reshape → Gemm (transB 1, nn.Linear layout) → Relu → MatMul + Add (its bias a Constant node) →
// Softmax 'probs'. Weights are stored as raw bytes, one bias in float_data.
// Usage: npm run build && node scripts/make-onnx-fixture.mjs [out_file]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { initBackend } from '../dist/harness/engine/backend.js';
import { loadImages } from '../dist/harness/data/images.js';
import { trainModel, trainSettings } from '../dist/harness/models/train.js';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const out = process.argv[2] ?? 'test/fixtures/onnx/digits-cnn.onnx';

await initBackend('wasm');
const data = loadImages({ dir: 'test/fixtures/images/digits', channels: 1, size: [8, 8], testFraction: 0.25 }, 1, '.');
const init = (seed) => tf.initializers.glorotUniform({ seed });
const model = tf.sequential({
  layers: [
    tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
    tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: init(2) }),
    tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }),
  ],
});
await trainModel(model, data.train, data, trainSettings.parse({ epochs: 40, batchSize: 8, learningRate: 0.01 }), 1);
const [convK, convB, d1K, d1B, d2K, d2B] = model.getWeights().map((w) => ({ shape: w.shape, values: w.dataSync() }));

/** Row-major transpose of `values` of `shape` by `perm`. */
function transpose({ shape, values }, perm) {
  const outShape = perm.map((p) => shape[p]);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const res = new Float32Array(values.length);
  const idx = new Array(shape.length).fill(0);
  for (let o = 0; o < values.length; o++) {
    let rest = o;
    for (let d = outShape.length - 1; d >= 0; d--) {
      idx[perm[d]] = rest % outShape[d];
      rest = Math.floor(rest / outShape[d]);
    }
    res[o] = values[idx.reduce((a, v, i) => a + v * strides[i], 0)];
  }
  return { shape: outShape, values: res };
}

const raw = (name, { shape, values }) => ({
  name,
  dims: shape,
  dataType: FLOAT,
  rawData: new Uint8Array(Float32Array.from(values).buffer),
});
const attr = {
  int: (name, i) => ({ name, type: onnx.AttributeProto.AttributeType.INT, i }),
  ints: (name, ints) => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints }),
  tensor: (name, t) => ({ name, type: onnx.AttributeProto.AttributeType.TENSOR, t }),
};
const node = (opType, input, output, attribute = []) => ({ name: `${opType}_${output}`, opType, input, output: [output], attribute });
const valueInfo = (name, dims) => ({
  name,
  type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
});

const graph = {
  name: 'digits_cnn',
  node: [
    node('Transpose', ['pixels'], 'nchw', [attr.ints('perm', [0, 3, 1, 2])]),
    node('Conv', ['nchw', 'conv.weight', 'conv.bias'], 'conv', [
      attr.ints('kernel_shape', [3, 3]),
      attr.ints('pads', [1, 1, 1, 1]),
      attr.ints('strides', [1, 1]),
    ]),
    node('Relu', ['conv'], 'conv_relu'),
    node('MaxPool', ['conv_relu'], 'pool', [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [2, 2])]),
    node('Transpose', ['pool'], 'nhwc', [attr.ints('perm', [0, 2, 3, 1])]),
    node('Reshape', ['nhwc', 'flat_shape'], 'flat'),
    node('Gemm', ['flat', 'fc1.weight', 'fc1.bias'], 'fc1', [attr.int('transB', 1)]),
    node('Relu', ['fc1'], 'fc1_relu'),
    node('MatMul', ['fc1_relu', 'fc2.weight'], 'fc2_mm'),
    node('Constant', [], 'fc2.bias', [attr.tensor('value', raw('fc2.bias', d2B))]),
    node('Add', ['fc2_mm', 'fc2.bias'], 'logits'),
    node('Softmax', ['logits'], 'probs', [attr.int('axis', 1)]),
  ],
  initializer: [
    raw('conv.weight', transpose(convK, [3, 2, 0, 1])),
    { name: 'conv.bias', dims: convB.shape, dataType: FLOAT, floatData: Array.from(convB.values) },
    { name: 'flat_shape', dims: [2], dataType: INT64, rawData: new Uint8Array(BigInt64Array.from([-1n, 64n]).buffer) },
    raw('fc1.weight', transpose(d1K, [1, 0])),
    raw('fc1.bias', d1B),
    raw('fc2.weight', d2K),
  ],
  input: [valueInfo('pixels', ['batch', 8, 8, 1])],
  output: [valueInfo('probs', ['batch', 3])],
  valueInfo: [valueInfo('conv', ['batch', 4, 8, 8]), valueInfo('flat', ['batch', 64])],
};
const bytes = onnx.ModelProto.encode(
  onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'make-onnx-fixture',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  }),
).finish();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bytes);
// The file must compute what the tfjs model computes.
const session = await ort.InferenceSession.create(bytes);
const got = (await session.run({ pixels: new ort.Tensor('float32', data.test.x.slice(), [data.test.n, 8, 8, 1]) })).probs.data;
const want = tf.tidy(() => model.predict(tf.tensor(data.test.x, [data.test.n, 8, 8, 1])).dataSync());
const maxDiff = want.reduce((a, v, i) => Math.max(a, Math.abs(v - got[i])), 0);
if (maxDiff > 1e-4) throw new Error(`the ONNX file differs from the tfjs model by ${maxDiff}`);
let right = 0;
for (let r = 0; r < data.test.n; r++) {
  const row = Array.from(got.slice(r * 3, r * 3 + 3));
  if (row.indexOf(Math.max(...row)) === data.test.y[r]) right++;
}
process.stdout.write(
  `${out}: ${bytes.length} bytes, classes ${data.classNames.join(', ')}, test accuracy ${(right / data.test.n).toFixed(3)}, max |Δp| vs tfjs ${maxDiff.toExponential(1)}\n`,
);
