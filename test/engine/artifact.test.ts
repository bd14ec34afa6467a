import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'chai';
import { Rng } from '../../harness/data/random.js';
import { isInputError, type InputErrorCode } from '../../harness/errors.js';
import type { WeightEncoding } from '../../harness/methods/types.js';
import { loadModel, readArtifact } from '../../harness/engine/artifact-read.js';
import { saveModel } from '../../harness/engine/artifact-write.js';
import { specByteLength } from '../../harness/engine/artifact-format.js';
import {
  affineRange,
  dequantizeAffine,
  float16ToFloat32,
  float32ToFloat16,
  quantizeAffine,
  roundTrip,
} from '../../harness/engine/weight-codec.js';

let root: string;
let dirCount = 0;
const newDir = (): string => join(root, `m${dirCount++}`);

function randomValues(n: number, rng: Rng, spread = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * spread);
}

/** Overwrites every weight with seeded uniform values in [-0.5, 0.5]; call inside tf.tidy. */
function seedWeights(model: tf.LayersModel, seed: number): void {
  const rng = new Rng(seed);
  model.setWeights(model.weights.map((w) => tf.randomUniform(w.shape as number[], -0.5, 0.5, 'float32', rng.int(2 ** 31))));
}

function denseModel(seed = 1): tf.LayersModel {
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 16, inputShape: [8], activation: 'relu' }), tf.layers.dense({ units: 3 })] });
  tf.tidy(() => seedWeights(m, seed));
  return m;
}

function convModel(seed = 2): tf.LayersModel {
  const m = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 4, kernelSize: 3, activation: 'relu', padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3 }),
    ],
  });
  tf.tidy(() => seedWeights(m, seed));
  return m;
}

function predict(model: tf.LayersModel, x: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array).slice();
}

/** Loads a saved directory with nothing but stock tfjs over the raw files. */
async function stockLoad(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const bin = await readFile(join(dir, json.weightsManifest[0].paths[0]));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }),
  );
}

/** Bytes of one named weight inside weights.bin. */
async function weightBytes(dir: string, name: string): Promise<Uint8Array> {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const bin = await readFile(join(dir, 'weights.bin'));
  let offset = 0;
  for (const spec of json.weightsManifest[0].weights) {
    const len = specByteLength(spec);
    if (spec.name === name) return bin.subarray(offset, offset + len);
    offset += len;
  }
  throw new Error(`no weight ${name}`);
}

const allAs = (model: tf.LayersModel, enc: WeightEncoding): Record<string, WeightEncoding> =>
  Object.fromEntries(model.weights.map((w) => [w.originalName, enc]));

const maxAbsDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

async function expectInputError(p: Promise<unknown>, fileNamed: string, code: InputErrorCode): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isInputError(err), `expected InputError, got ${String(err)}`).to.equal(true);
  const e = err as Error & { code: string };
  expect(e.message).to.include(fileNamed);
  expect(e.message).not.to.match(/\n\s+at /);
  expect(e.code).to.equal(code);
  return e.message;
}

before(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  root = await mkdtemp(join(tmpdir(), 'artifact-test-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('saveModel / loadModel (float32)', () => {
  let x: tf.Tensor;
  let xConv: tf.Tensor;
  before(() => {
    x = tf.tensor(randomValues(5 * 8, new Rng(9)), [5, 8]);
    xConv = tf.tensor(randomValues(3 * 6 * 6 * 2, new Rng(10)), [3, 6, 6, 2]);
  });
  after(() => tf.dispose([x, xConv]));

  it('writes a standard layers-model model.json beside one weights.bin and reports their sizes', async () => {
    const model = denseModel();
    const dir = newDir();
    const info = await saveModel(model, dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.format).to.equal('layers-model');
    expect(json.convertedBy).to.equal(null);
    expect(json.generatedBy).to.match(/TensorFlow\.js/);
    expect(json.weightsManifest).to.have.length(1);
    expect(json.weightsManifest[0].paths).to.deep.equal(['weights.bin']);
    const bin = await readFile(join(dir, 'weights.bin'));
    expect(bin.length).to.equal((8 * 16 + 16 + 16 * 3 + 3) * 4);
    expect(info.files).to.deep.equal([
      { name: 'model.json', bytes: (await readFile(join(dir, 'model.json'))).length },
      { name: 'weights.bin', bytes: bin.length },
    ]);
    expect(info.totalBytes).to.equal(info.files[0].bytes + info.files[1].bytes);
    expect((await readdir(dir)).sort()).to.deep.equal(['model.json', 'weights.bin']);
    model.dispose();
  });

  it('gives a Dense model that stock tfjs loads with identical predictions', async () => {
    const model = denseModel();
    const dir = newDir();
    await saveModel(model, dir);
    const loaded = await stockLoad(dir);
    expect(Array.from(predict(loaded, x))).to.deep.equal(Array.from(predict(model, x)));
    model.dispose();
    loaded.dispose();
  });

  it('gives a Conv2D model that stock tfjs loads with identical predictions', async () => {
    const model = convModel();
    const dir = newDir();
    await saveModel(model, dir);
    const loaded = await stockLoad(dir);
    expect(Array.from(predict(loaded, xConv))).to.deep.equal(Array.from(predict(model, xConv)));
    model.dispose();
    loaded.dispose();
  });

  it('loads back through loadModel from the directory or the model.json path', async () => {
    const model = convModel();
    const dir = newDir();
    await saveModel(model, dir);
    const a = await loadModel(dir);
    const b = await loadModel(join(dir, 'model.json'));
    const want = Array.from(predict(model, xConv));
    expect(Array.from(predict(a, xConv))).to.deep.equal(want);
    expect(Array.from(predict(b, xConv))).to.deep.equal(want);
    [model, a, b].forEach((m) => m.dispose());
  });

  it('loads converter-style artifacts whose weights are split across shard files', async () => {
    const model = denseModel();
    const dir = newDir();
    await saveModel(model, dir);
    const bin = await readFile(join(dir, 'weights.bin'));
    await writeFile(join(dir, 'group1-shard1of2.bin'), bin.subarray(0, 100));
    await writeFile(join(dir, 'group1-shard2of2.bin'), bin.subarray(100));
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    json.weightsManifest[0].paths = ['group1-shard1of2.bin', 'group1-shard2of2.bin'];
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    const loaded = await loadModel(dir);
    expect(Array.from(predict(loaded, x))).to.deep.equal(Array.from(predict(model, x)));
    model.dispose();
    loaded.dispose();
  });

  it('readArtifact returns the specs and one concatenated weight buffer', async () => {
    const model = denseModel();
    const dir = newDir();
    await saveModel(model, dir);
    const art = await readArtifact(dir);
    expect(art.weightSpecs?.map((s) => s.name)).to.deep.equal(model.weights.map((w) => w.originalName));
    expect((art.weightData as ArrayBuffer).byteLength).to.equal((8 * 16 + 16 + 16 * 3 + 3) * 4);
    model.dispose();
  });

  it('leaks no tensors: save adds none, load adds exactly the model weights', async () => {
    const model = denseModel();
    const dir = newDir();
    const before = tf.memory().numTensors;
    await saveModel(model, dir, allAs(model, { dtype: 'uint8' }));
    expect(tf.memory().numTensors).to.equal(before);
    const loaded = await loadModel(dir);
    expect(tf.memory().numTensors).to.equal(before + loaded.weights.length);
    loaded.dispose();
    expect(tf.memory().numTensors).to.equal(before);
    model.dispose();
  });
});

describe('saveModel with quantized encodings', () => {
  let x: tf.Tensor;
  before(() => {
    x = tf.tensor(randomValues(20 * 8, new Rng(11)), [20, 8]);
  });
  after(() => tf.dispose(x));

  async function sizeAndError(enc: WeightEncoding): Promise<{ ratio: number; vsRoundTrip: number; vsFloat: number }> {
    const model = denseModel(3);
    const f32 = await saveModel(model, newDir());
    const dir = newDir();
    const q = await saveModel(model, dir, allAs(model, enc));
    const loaded = await stockLoad(dir);
    // The model tfjs should end up with: every weight passed through the codec.
    const reference = denseModel(3);
    tf.tidy(() =>
      reference.setWeights(model.weights.map((w) => tf.tensor(roundTrip(w.read().dataSync() as Float32Array, enc), w.shape as number[]))),
    );
    const got = predict(loaded, x);
    const out = {
      ratio: q.files[1].bytes / f32.files[1].bytes,
      vsRoundTrip: maxAbsDiff(got, predict(reference, x)),
      vsFloat: maxAbsDiff(got, predict(model, x)),
    };
    [model, loaded, reference].forEach((m) => m.dispose());
    return out;
  }

  it('uint8 stores a quarter of the float32 weight bytes, and predictions carry only the quantization error', async () => {
    const r = await sizeAndError({ dtype: 'uint8' });
    expect(r.ratio).to.equal(0.25);
    expect(r.vsRoundTrip).to.be.below(1e-5);
    expect(r.vsFloat).to.be.above(0).and.below(0.05);
  });

  it('float16 stores half of the float32 weight bytes, and predictions carry only the rounding error', async () => {
    const r = await sizeAndError({ dtype: 'float16' });
    expect(r.ratio).to.equal(0.5);
    expect(r.vsRoundTrip).to.be.below(1e-6);
    expect(r.vsFloat).to.be.below(2e-3);
  });

  it('uint16 stores half of the float32 weight bytes, and predictions carry only the quantization error', async () => {
    const r = await sizeAndError({ dtype: 'uint16' });
    expect(r.ratio).to.equal(0.5);
    expect(r.vsRoundTrip).to.be.below(1e-5);
    expect(r.vsFloat).to.be.below(1e-3);
  });

  it('keeps zero weights exactly zero after a uint8 round trip', async () => {
    const model = denseModel(4);
    const kernel = model.layers[0].getWeights()[0];
    const values = (kernel.dataSync() as Float32Array).map((v, i) => (i % 3 === 0 ? 0 : v));
    tf.tidy(() => {
      model.layers[0].weights[0].write(tf.tensor(values, kernel.shape));
    });
    const dir = newDir();
    await saveModel(model, dir, { [model.layers[0].weights[0].originalName]: { dtype: 'uint8' } });
    const loaded = await loadModel(dir);
    const back = loaded.layers[0].getWeights()[0].dataSync();
    const zerosKept = values.every((v, i) => v !== 0 || back[i] === 0);
    expect(zerosKept).to.equal(true);
    expect(maxAbsDiff(back as Float32Array, values)).to.be.above(0);
    model.dispose();
    loaded.dispose();
  });

  it('uint8 with bits=4 uses at most 16 distinct codes, and gzip shrinks the file more than at 8 bits', async () => {
    const model = denseModel(5);
    const name = model.weights[0].originalName;
    const d4 = newDir();
    const d8 = newDir();
    await saveModel(model, d4, { [name]: { dtype: 'uint8', bits: 4 } });
    await saveModel(model, d8, { [name]: { dtype: 'uint8' } });
    const codes = await weightBytes(d4, name);
    expect(codes.length).to.equal(8 * 16);
    expect(new Set(codes).size).to.be.at.most(16);
    expect(new Set(await weightBytes(d8, name)).size).to.be.above(16);
    const gz = async (d: string): Promise<number> => gzipSync(await weightBytes(d, name)).length;
    expect(await gz(d4)).to.be.below(await gz(d8));
    model.dispose();
  });

  it('accepts a variable name as the encoding key and rejects an unknown one without touching the files', async () => {
    const model = denseModel();
    const dir = newDir();
    await saveModel(model, dir, { [model.weights[0].name]: { dtype: 'float16' } });
    const json = await readFile(join(dir, 'model.json'), 'utf8');
    expect(JSON.parse(json).weightsManifest[0].weights[0].quantization).to.deep.equal({ dtype: 'float16' });
    const err = await saveModel(model, dir, { 'dense_Dense9/kernel': { dtype: 'uint8' } }).catch((e: Error) => e);
    expect((err as Error).message).to.match(/unknown weight 'dense_Dense9\/kernel'/);
    expect(await readFile(join(dir, 'model.json'), 'utf8')).to.equal(json);
    expect((await readdir(dir)).sort()).to.deep.equal(['model.json', 'weights.bin']);
    model.dispose();
  });

  it('leaves no temp files and no half-written model.json when a rename fails', async () => {
    const model = denseModel();
    const dir = newDir();
    await mkdir(join(dir, 'model.json', 'blocker'), { recursive: true });
    const err = await saveModel(model, dir).catch((e: Error) => e);
    expect(err).to.be.instanceOf(Error);
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).to.deep.equal([]);
    expect(await readdir(join(dir, 'model.json'))).to.deep.equal(['blocker']);
    model.dispose();
  });
});

describe('weight codec', () => {
  it('encodes known float16 bit patterns, rounding to nearest even', () => {
    const v = Float32Array.of(0, -0, 1, -2, 65504, 65520, 2 ** -24, 2 ** -25, 1 + 2 ** -11, 1 + 3 * 2 ** -11, Infinity, NaN);
    const bits = Array.from(float32ToFloat16(v));
    expect(bits.slice(0, 11)).to.deep.equal([0x0000, 0x8000, 0x3c00, 0xc000, 0x7bff, 0x7c00, 0x0001, 0x0000, 0x3c00, 0x3c02, 0x7c00]);
    expect(bits[11] & 0x7c00).to.equal(0x7c00);
    expect(bits[11] & 0x3ff).to.be.above(0);
  });

  it('decodes every finite float16 value back to itself', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i).filter((h) => (h & 0x7c00) !== 0x7c00);
    expect(Array.from(float32ToFloat16(float16ToFloat32(all)))).to.deep.equal(Array.from(all));
  });

  it('decodes float16 exactly as tfjs decodeWeights does', () => {
    const bits = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const t = tf.io.decodeWeights(bits.buffer, [{ name: 'w', shape: [65536], dtype: 'float32', quantization: { dtype: 'float16' } }]).w;
    const stock = new Uint32Array((t.dataSync() as Float32Array).slice().buffer);
    t.dispose();
    const mine = new Uint32Array(float16ToFloat32(bits).buffer);
    const isNaNBits = (h: number): boolean => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
    const differing = Array.from(bits).filter((h) => !isNaNBits(h) && mine[h] !== stock[h]);
    expect(differing).to.deep.equal([]);
  });

  it('dequantizes affine codes exactly as tfjs decodeWeights does', () => {
    const { codes, scale, min } = quantizeAffine(randomValues(500, new Rng(8), 2), 'uint16', 4096);
    const t = tf.io.decodeWeights(codes.buffer as ArrayBuffer, [
      { name: 'w', shape: [500], dtype: 'float32', quantization: { dtype: 'uint16', scale, min } },
    ]).w;
    const stock = (t.dataSync() as Float32Array).slice();
    t.dispose();
    expect(Array.from(dequantizeAffine(codes, scale, min))).to.deep.equal(Array.from(stock));
    expect(Math.max(...codes)).to.be.below(4096);
  });

  it('nudges the affine min so that zero decodes to exactly zero', () => {
    const { scale, min } = affineRange(-0.37, 1.91, 256);
    const code = Math.round(-min / scale);
    expect(code * scale + min).to.equal(0);
    expect(affineRange(0.5, 2, 256).min).to.equal(0.5);
    expect(affineRange(3, 3, 256)).to.deep.equal({ scale: 1, min: 3 });
  });

  it('quantizes to within half a step of every value', () => {
    const values = randomValues(1000, new Rng(7), 3);
    const { codes, scale, min } = quantizeAffine(values, 'uint8');
    expect(maxAbsDiff(dequantizeAffine(codes, scale, min), values)).to.be.at.most(scale / 2 + 1e-6);
  });

  it('rejects bits outside the dtype width and bits on float16', () => {
    const v = Float32Array.of(1, 2);
    expect(() => roundTrip(v, { dtype: 'uint8', bits: 9 })).to.throw(RangeError, /1\.\.8/);
    expect(() => roundTrip(v, { dtype: 'uint8', bits: 0 })).to.throw(RangeError);
    expect(() => roundTrip(v, { dtype: 'float16', bits: 8 })).to.throw(RangeError);
  });
});

describe('loadModel on bad input', () => {
  let good: string;
  before(async () => {
    const model = denseModel();
    good = newDir();
    await saveModel(model, good);
    model.dispose();
  });

  /** A copy of the good artifact with model.json and/or weights.bin replaced. */
  async function variant(modelJson?: string, weights?: Uint8Array | null): Promise<string> {
    const dir = newDir();
    await mkdir(dir);
    await writeFile(join(dir, 'model.json'), modelJson ?? (await readFile(join(good, 'model.json'))));
    if (weights !== null) await writeFile(join(dir, 'weights.bin'), weights ?? (await readFile(join(good, 'weights.bin'))));
    return dir;
  }
  const goodJson = async (): Promise<string> => readFile(join(good, 'model.json'), 'utf8');

  it('names a missing path', async () => {
    await expectInputError(loadModel(join(root, 'nope')), 'nope', 'artifact-missing');
  });

  it('names a directory without model.json', async () => {
    const dir = newDir();
    await mkdir(dir);
    await expectInputError(loadModel(dir), join(dir, 'model.json'), 'artifact-missing');
  });

  it('names a truncated model.json', async () => {
    const text = await goodJson();
    const dir = await variant(text.slice(0, text.length / 2));
    const msg = await expectInputError(loadModel(dir), join(dir, 'model.json'), 'artifact-bad-json');
    expect(msg).to.match(/truncated/);
  });

  it('names a model.json that is not JSON', async () => {
    const dir = await variant('<html>not a model</html>');
    await expectInputError(loadModel(dir), join(dir, 'model.json'), 'artifact-bad-json');
  });

  it('names a model.json without a weightsManifest', async () => {
    const json = JSON.parse(await goodJson());
    delete json.weightsManifest;
    const dir = await variant(JSON.stringify(json));
    const msg = await expectInputError(loadModel(dir), join(dir, 'model.json'), 'artifact-bad-manifest');
    expect(msg).to.include('weightsManifest');
  });

  it('names a malformed manifest entry and where it is', async () => {
    const json = JSON.parse(await goodJson());
    json.weightsManifest[0].weights[1].quantization = { dtype: 'uint8' };
    const dir = await variant(JSON.stringify(json));
    const msg = await expectInputError(loadModel(dir), join(dir, 'model.json'), 'artifact-bad-manifest');
    expect(msg).to.include('weightsManifest.0.weights.1.quantization');
  });

  it('names a weights file shorter than the manifest says', async () => {
    const bin = await readFile(join(good, 'weights.bin'));
    const dir = await variant(undefined, bin.subarray(0, bin.length - 4));
    const msg = await expectInputError(loadModel(dir), join(dir, 'weights.bin'), 'artifact-weights-short');
    expect(msg)
      .to.include(`${bin.length - 4} bytes`)
      .and.include(`${bin.length}`);
  });

  it('names a missing weights file', async () => {
    const dir = await variant(undefined, null);
    await expectInputError(loadModel(dir), join(dir, 'weights.bin'), 'artifact-weights-missing');
  });

  it('names an unknown layer class without a tfjs stack trace, and leaks no tensors', async () => {
    const text = await goodJson();
    const at = text.lastIndexOf('"class_name":"Dense"');
    const dir = await variant(`${text.slice(0, at)}"class_name":"FancyDense"${text.slice(at + 20)}`);
    const before = tf.memory().numTensors;
    const msg = await expectInputError(loadModel(dir), join(dir, 'model.json'), 'artifact-unknown-layer');
    expect(msg).to.include("'FancyDense'").and.include('registerClass');
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('names a topology whose weight shapes differ from the manifest, and leaks no tensors', async () => {
    const dir = await variant((await goodJson()).replace('"units":3', '"units":2'));
    const before = tf.memory().numTensors;
    const msg = await expectInputError(loadModel(dir), join(dir, 'model.json'), 'artifact-bad-model');
    expect(msg).to.include('Shape mismatch');
    expect(tf.memory().numTensors).to.equal(before);
  });
});
