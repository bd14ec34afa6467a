import { expect } from 'chai';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../harness/engine/backend.js';
import { loadGraph, readGraphArtifact } from '../../harness/engine/graph-read.js';
import { decodeGraphWeight, rewriteGraphWeights } from '../../harness/engine/graph-weights.js';
import { InputError } from '../../harness/errors.js';
import { pruneGraphKernels, quantizeGraphWeights } from '../../harness/methods/graph-weights.js';
import { fixture } from '../helpers/paths.js';

const G = (name: string) => fixture(`graph/${name}`);
/** Four seeded 8x8 grey inputs. */
const INPUT = Float32Array.from({ length: 4 * 64 }, (_, i) => ((i * 37) % 101) / 100);

async function predict(dir: string): Promise<Float32Array> {
  const model = await loadGraph(dir);
  const out = tf.tidy(() => model.predict(tf.tensor4d(INPUT, [4, 8, 8, 1])) as tf.Tensor);
  const values = (await out.data()) as Float32Array;
  out.dispose();
  model.dispose();
  return values;
}

/** The fixture net in plain JS: SAME conv + bias + ReLU, SAME depthwise, mean over h and w, dense + bias, softmax. */
async function reference(): Promise<number[]> {
  const { json, artifacts } = await readGraphArtifact(G('float32'));
  const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
  const w: Record<string, Float32Array> = {};
  let o = 0;
  for (const s of json.weightsManifest[0].weights) {
    const len = s.shape.reduce((a, b) => a * b, 1) * 4;
    if (s.dtype === 'float32') w[s.name] = decodeGraphWeight(s, data.subarray(o, o + len));
    o += len;
  }
  const out: number[] = [];
  for (let n = 0; n < 4; n++) {
    const px = (y: number, x: number) => (y < 0 || x < 0 || y > 7 || x > 7 ? 0 : INPUT[n * 64 + y * 8 + x]);
    const conv = (y: number, x: number, c: number) => {
      if (y < 0 || x < 0 || y > 7 || x > 7) return 0;
      let s = w['conv/bias'][c];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += px(y + i - 1, x + j - 1) * w['conv/filter'][(i * 3 + j) * 4 + c];
      return Math.max(0, s);
    };
    const pooled = [0, 1, 2, 3].map((c) => {
      let sum = 0;
      for (let y = 0; y < 8; y++)
        for (let x = 0; x < 8; x++)
          for (let i = 0; i < 3; i++)
            for (let j = 0; j < 3; j++) sum += conv(y + i - 1, x + j - 1, c) * w['dw/filter'][(i * 3 + j) * 4 + c];
      return sum / 64;
    });
    const logits = [0, 1, 2].map((k) => w['dense/bias'][k] + pooled.reduce((s, v, c) => s + v * w['dense/kernel'][c * 3 + k], 0));
    const z = logits.map((v) => Math.exp(v - Math.max(...logits)));
    out.push(...z.map((v) => v / z.reduce((a, b) => a + b, 0)));
  }
  return out;
}

describe('engine/graph models', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('runs fused conv, depthwise conv, mean and fused matmul as the plain-JS reference computes them', async () => {
    const got = Array.from(await predict(G('float32')));
    const want = await reference();
    got.forEach((v, i) => expect(v).to.be.closeTo(want[i], 1e-5));
  });

  it('loads float16 weights split over two shard files', async () => {
    const f32 = await predict(G('float32'));
    const f16 = await predict(G('float16-sharded'));
    f16.forEach((v, i) => expect(v).to.be.closeTo(f32[i], 1e-3));
  });

  it('loads uint8-quantized weights', async () => {
    const f32 = await predict(G('float32'));
    const u8 = await predict(G('uint8'));
    u8.forEach((v, i) => expect(v).to.be.closeTo(f32[i], 0.05));
  });

  it('names the inputs and outputs by the signature and takes named inputs', async () => {
    const model = await loadGraph(G('float32'));
    expect(model.inputNodes).to.deep.equal(['pixels']);
    expect(model.outputNodes).to.deep.equal(['probs']);
    const shape = tf.tidy(() => (model.predict({ pixels: tf.tensor4d(INPUT, [4, 8, 8, 1]) }) as tf.Tensor).shape);
    expect(shape).to.deep.equal([4, 3]);
    model.dispose();
  });

  it('rejects a truncated shard, naming the files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimbench-graph-'));
    copyFileSync(join(G('float16-sharded'), 'model.json'), join(dir, 'model.json'));
    copyFileSync(join(G('float16-sharded'), 'group1-shard1of2.bin'), join(dir, 'group1-shard1of2.bin'));
    writeFileSync(join(dir, 'group1-shard2of2.bin'), readFileSync(join(G('float16-sharded'), 'group1-shard2of2.bin')).subarray(0, 10));
    const err = await readGraphArtifact(dir).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(InputError);
    expect((err as Error).message).to.match(/group1-shard2of2\.bin: \d+ bytes, but .*weights file is truncated/);
  });

  it('prunes kernels by rewriting Const weights into a graph model tfjs loads', async () => {
    const dst = join(mkdtempSync(join(tmpdir(), 'slimbench-graph-')), 'pruned');
    const { rewritten } = await rewriteGraphWeights(G('float32'), dst, pruneGraphKernels(0.5));
    expect(rewritten.sort()).to.deep.equal(['conv/filter', 'dense/kernel', 'dw/filter']);
    const { json, artifacts } = await readGraphArtifact(dst);
    const spec = json.weightsManifest[0].weights.find((s) => s.name === 'dense/kernel')!;
    const offset = json.weightsManifest[0].weights
      .slice(0, json.weightsManifest[0].weights.indexOf(spec))
      .reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
    const kernel = decodeGraphWeight(spec, new Uint8Array(artifacts.weightData as ArrayBuffer).subarray(offset, offset + 48));
    expect(kernel.filter((v) => v === 0)).to.have.length(6);
    const probs = await predict(dst);
    expect(probs.every(Number.isFinite)).to.equal(true);
  });

  it('quantizes every float weight to float16, halving the weight bytes, and stays close', async () => {
    const dst = join(mkdtempSync(join(tmpdir(), 'slimbench-graph-')), 'f16');
    await rewriteGraphWeights(G('float32'), dst, quantizeGraphWeights({ dtype: 'float16' }));
    const { json } = await readGraphArtifact(dst);
    expect(json.weightsManifest[0].weights.filter((s) => s.dtype === 'float32').every((s) => s.quantization?.dtype === 'float16')).to.equal(
      true,
    );
    expect(readFileSync(join(dst, 'weights.bin')).length).to.equal(2 * (36 + 4 + 36 + 12 + 3) + 8);
    const f32 = await predict(G('float32'));
    (await predict(dst)).forEach((v, i) => expect(v).to.be.closeTo(f32[i], 1e-3));
  });
});
