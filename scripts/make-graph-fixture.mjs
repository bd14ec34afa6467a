#!/usr/bin/env node
// Writes small tfjs graph models (format 'graph-model') as tensorflowjs_converter lays them out,
// without the converter: a GraphDef in JSON with the converter's fused ops (_FusedConv2D with
// BiasAdd+Relu, _FusedMatMul with BiasAdd), DepthwiseConv2dNative and Mean, a named signature
// (input 'pixels' on the placeholder 'serving_default_pixels', output 'probs' on 'Identity'), and weight manifests in float32 (one file), float16 (two
// shards) and uint8 (affine, scale/min).
// The net: [n, 8, 8, 1] → conv 3x3x1x4 → depthwise 3x3x4x1 → mean over h, w → dense 4→3 → softmax.
// Usage: npm run build && node scripts/make-graph-fixture.mjs [out_dir]   (default test/fixtures/graph)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeValues } from '../dist/harness/engine/weight-codec.js';

const out = process.argv[2] ?? 'test/fixtures/graph';
const b64 = (s) => Buffer.from(s).toString('base64');
const dims = (shape) => ({ dim: shape.map((d) => ({ size: String(d) })) });
const T = { type: 'DT_FLOAT' };
const ones4 = { list: { i: ['1', '1', '1', '1'] } };
const constNode = (name, shape, dtype = 'DT_FLOAT') => ({
  name,
  op: 'Const',
  attr: { value: { tensor: { dtype, tensorShape: dims(shape) } }, dtype: { type: dtype } },
});

const nodes = [
  { name: 'serving_default_pixels', op: 'Placeholder', attr: { dtype: T, shape: { shape: dims([-1, 8, 8, 1]) } } },
  constNode('conv/filter', [3, 3, 1, 4]),
  constNode('conv/bias', [4]),
  {
    name: 'conv/Relu',
    op: '_FusedConv2D',
    input: ['serving_default_pixels', 'conv/filter', 'conv/bias'],
    device: '/device:CPU:0',
    attr: {
      T,
      strides: ones4,
      padding: { s: b64('SAME') },
      data_format: { s: b64('NHWC') },
      dilations: ones4,
      use_cudnn_on_gpu: { b: true },
      explicit_paddings: { list: {} },
      num_args: { i: '1' },
      epsilon: { f: 0 },
      fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu')] } },
    },
  },
  constNode('dw/filter', [3, 3, 4, 1]),
  {
    name: 'dw/depthwise',
    op: 'DepthwiseConv2dNative',
    input: ['conv/Relu', 'dw/filter'],
    attr: {
      T,
      strides: ones4,
      padding: { s: b64('SAME') },
      data_format: { s: b64('NHWC') },
      dilations: ones4,
      explicit_paddings: { list: {} },
    },
  },
  constNode('pool/axes', [2], 'DT_INT32'),
  { name: 'pool/Mean', op: 'Mean', input: ['dw/depthwise', 'pool/axes'], attr: { T, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } } },
  constNode('dense/kernel', [4, 3]),
  constNode('dense/bias', [3]),
  {
    name: 'dense/BiasAdd',
    op: '_FusedMatMul',
    input: ['pool/Mean', 'dense/kernel', 'dense/bias'],
    device: '/device:CPU:0',
    attr: {
      T,
      transpose_a: { b: false },
      transpose_b: { b: false },
      num_args: { i: '1' },
      epsilon: { f: 0 },
      fused_ops: { list: { s: [b64('BiasAdd')] } },
    },
  },
  { name: 'dense/Softmax', op: 'Softmax', input: ['dense/BiasAdd'], attr: { T } },
  { name: 'Identity', op: 'Identity', input: ['dense/Softmax'], attr: { T } },
];

// Seeded weights (a 32-bit LCG), so the fixture is the same on every run.
let state = 12345;
const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
const weights = [
  ['conv/filter', [3, 3, 1, 4]],
  ['conv/bias', [4]],
  ['dw/filter', [3, 3, 4, 1]],
  ['pool/axes', [2], 'int32'],
  ['dense/kernel', [4, 3]],
  ['dense/bias', [3]],
].map(([name, shape, dtype = 'float32']) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = dtype === 'int32' ? Int32Array.from([1, 2]) : Float32Array.from({ length: n }, () => rand());
  return { name, shape, dtype, values };
});

const signature = {
  inputs: { pixels: { name: 'serving_default_pixels:0', dtype: 'DT_FLOAT', tensorShape: dims([-1, 8, 8, 1]) } },
  outputs: { probs: { name: 'Identity:0', dtype: 'DT_FLOAT', tensorShape: dims([-1, 3]) } },
};

function write(dir, quantize, shards) {
  const specs = [];
  const chunks = [];
  for (const w of weights) {
    if (w.dtype === 'int32' || quantize === undefined) {
      specs.push({ name: w.name, shape: w.shape, dtype: w.dtype });
      chunks.push(new Uint8Array(w.values.buffer));
    } else {
      const { bytes, quantization } = encodeValues(w.values, { dtype: quantize });
      specs.push({ name: w.name, shape: w.shape, dtype: w.dtype, quantization });
      chunks.push(bytes);
    }
  }
  const data = Buffer.concat(chunks);
  const cut = Math.ceil(data.length / shards);
  const paths = Array.from({ length: shards }, (_, i) => `group1-shard${i + 1}of${shards}.bin`);
  mkdirSync(join(out, dir), { recursive: true });
  paths.forEach((p, i) => writeFileSync(join(out, dir, p), data.subarray(i * cut, (i + 1) * cut)));
  const modelJson = {
    format: 'graph-model',
    generatedBy: '2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    signature,
    userDefinedMetadata: { signature },
    modelTopology: { node: nodes, library: {}, versions: { producer: 1482 } },
    weightsManifest: [{ paths, weights: specs }],
  };
  writeFileSync(join(out, dir, 'model.json'), JSON.stringify(modelJson));
}

write('float32', undefined, 1);
write('float16-sharded', 'float16', 2);
write('uint8', 'uint8', 1);
process.stdout.write(`wrote graph models float32, float16-sharded and uint8 under ${out}\n`);
