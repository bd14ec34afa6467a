import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { loadModel } from '../../harness/engine/artifact-read.js';
import { saveModel } from '../../harness/engine/artifact-write.js';
import { pruneSettings, prune } from '../../harness/methods/prune.js';
import { affineEncoding, quantize, quantizeSettings } from '../../harness/methods/quantize.js';
import type { MethodResult } from '../../harness/methods/types.js';
import { denseNet, maxDiff, tinyContext, tinyDataset, useWasm, weightValues, zeros } from './compress-fixtures.js';

const dataset = tinyDataset(192);
const ctx = tinyContext(dataset);
let root: string;
let dirs = 0;

const net = (): tf.LayersModel => denseNet(8, [64, 32], 3, 2, ['d1', 'd2', 'out']);

async function quantized(
  settings: Record<string, unknown>,
  model = net(),
): Promise<{ model: tf.LayersModel; result: MethodResult; dir: string }> {
  const result = await quantize.apply(model, quantizeSettings.parse(settings), ctx);
  const dir = join(root, `q${dirs++}`);
  await saveModel(result.model, dir, result.encoding);
  return { model, result, dir };
}

async function weightsBytes(dir: string): Promise<number> {
  return (await readFile(join(dir, 'weights.bin'))).length;
}

function issues(settings: Record<string, unknown>): string {
  const r = quantizeSettings.safeParse(settings);
  expect(r.success).to.equal(false);
  return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
}

describe('methods/quantize', () => {
  let floatBytes: number;

  before(async () => {
    await useWasm();
    root = await mkdtemp(join(tmpdir(), 'slimbench-quantize-'));
    const model = net();
    floatBytes = (await saveModel(model, join(root, 'float'))).files.find((f) => f.name === 'weights.bin')!.bytes;
    model.dispose();
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes 8-bit artifacts with a quarter of the float32 weight bytes', async () => {
    const { model, dir } = await quantized({ bits: 8, scope: 'all' });
    expect(await weightsBytes(dir)).to.equal(floatBytes / 4);
    model.dispose();
  });

  it('writes float16 artifacts with half of the float32 weight bytes', async () => {
    const { model, dir } = await quantized({ dtype: 'float16', scope: 'all' });
    expect(await weightsBytes(dir)).to.equal(floatBytes / 2);
    model.dispose();
  });

  it('keeps biases float32 with the default kernels scope, close to a quarter overall', async () => {
    const { model, result, dir } = await quantized({ bits: 8 });
    const biases = 64 + 32 + 3;
    expect(await weightsBytes(dir)).to.equal((floatBytes - biases * 4) / 4 + biases * 4);
    expect(Object.keys(result.encoding!)).to.deep.equal(['d1/kernel', 'd2/kernel', 'out/kernel']);
    expect(result.info).to.include({
      weightBytesBefore: floatBytes,
      weightBytesAfter: (floatBytes - biases * 4) / 4 + biases * 4,
      weightsQuantized: 3,
    });
    model.dispose();
  });

  it('stores 4-bit codes with at most 16 distinct values per tensor, zeros exact', async () => {
    const model = net();
    await prune.apply(model, pruneSettings.parse({ sparsity: 0.5 }), ctx);
    const { dir } = await quantized({ bits: 4 }, model);
    const loaded = await loadModel(dir);
    for (const name of ['d1/kernel', 'd2/kernel', 'out/kernel']) {
      const values = weightValues(loaded, name);
      expect(new Set(values).size).to.be.at.most(16);
      expect(zeros(values)).to.be.at.least(values.length / 2);
    }
    model.dispose();
    loaded.dispose();
  });

  it('shows fewer bits in the gzip size while the raw size stays that of uint8', async () => {
    const eight = await quantized({ bits: 8, scope: 'all' });
    const four = await quantized({ bits: 4, scope: 'all' });
    const gz = async (dir: string): Promise<number> => gzipSync(await readFile(join(dir, 'weights.bin')), { level: 9 }).length;
    expect(await weightsBytes(four.dir)).to.equal(await weightsBytes(eight.dir));
    expect(await gz(four.dir)).to.be.below((await gz(eight.dir)) * 0.75);
    eight.model.dispose();
    four.model.dispose();
  });

  it('leaves the in-memory model equal to what the artifact loads', async () => {
    const { model, dir } = await quantized({ bits: 6, scope: 'all' });
    const loaded = await loadModel(dir);
    model.weights.forEach((w, i) => expect(maxDiff(w.read().dataSync(), loaded.weights[i].read().dataSync())).to.be.below(1e-6));
    model.dispose();
    loaded.dispose();
  });

  it("reports each tensor's max quantization error within half a step", async () => {
    const model = net();
    const before = weightValues(model, 'd1/kernel');
    const { result } = await quantized({ bits: 8 }, model);
    const step = (Math.max(...before) - Math.min(...before)) / 255;
    const d1 = (result.info.tensors as { weight: string; maxAbsError: number }[])[0];
    expect(d1.weight).to.equal('d1/kernel');
    expect(d1.maxAbsError).to.be.closeTo(maxDiff(before, weightValues(model, 'd1/kernel')), 1e-9);
    expect(d1.maxAbsError)
      .to.be.at.most(step / 2 + 1e-7)
      .and.above(0);
    model.dispose();
  });

  it('maps bits to tfjs storage dtypes', () => {
    expect([2, 7, 8, 9, 16].map(affineEncoding)).to.deep.equal([
      { dtype: 'uint8', bits: 2 },
      { dtype: 'uint8', bits: 7 },
      { dtype: 'uint8' },
      { dtype: 'uint16', bits: 9 },
      { dtype: 'uint16' },
    ]);
  });

  it('simulates activation quantization and marks it as simulated', async () => {
    const { model, result } = await quantized({ bits: 8, activationBits: 16, calibrationRows: 64 });
    const sim = result.info.activationQuantization as {
      simulated: boolean;
      accuracy: number;
      accuracyWithoutActivationQuantization: number;
      calibrationRows: number;
      ranges: unknown[];
    };
    expect(sim.simulated).to.equal(true);
    expect(sim.calibrationRows).to.equal(64);
    expect(sim.ranges).to.have.length(3);
    expect(sim.accuracy).to.be.closeTo(sim.accuracyWithoutActivationQuantization, 1 / dataset.test.n + 1e-9);
    model.dispose();
  });

  it('skips the activation simulation on a functional model and says why', async () => {
    const input = tf.input({ shape: [8] });
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.dense({ units: 3, activation: 'softmax' }).apply(input) as tf.SymbolicTensor,
    });
    const { result } = await quantized({ bits: 8, activationBits: 8 }, model);
    expect(result.info.activationQuantization).to.deep.include({ simulated: false });
    model.dispose();
  });

  it('rejects bits 0 naming the allowed range', () => {
    expect(issues({ bits: 0 })).to.contain('bits: bits must be an integer in 2..16');
  });

  it('rejects bits together with float16', () => {
    expect(issues({ dtype: 'float16', bits: 8 })).to.contain("bits: bits applies to dtype 'affine' only");
  });
});
