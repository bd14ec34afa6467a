import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { rejectedInputError } from '../helpers/errors.js';
import { onnxruntime } from '../../harness/runtimes/onnxruntime.js';
import { onnxruntimeWeb } from '../../harness/runtimes/onnxruntime-web.js';
import type { Runtime } from '../../harness/runtimes/types.js';
import { TINY_EXPECTED, tinyOnnx } from './onnx-fixture.js';

let dir: string;
const opts = { threads: 1, inputShape: [3] };
const protocol = { warmupRounds: 2, warmupMs: 0, minRounds: 8, minTimeMs: 0, maxRounds: 100 };

for (const [name, runtime] of [
  ['onnxruntime', onnxruntime],
  ['onnxruntime-web', onnxruntimeWeb],
] as [string, Runtime][]) {
  describe(`${name} runtime`, () => {
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'slimbench-ort-'));
      await writeFile(join(dir, 'tiny.onnx'), tinyOnnx());
      await writeFile(join(dir, 'corrupt.onnx'), Buffer.from('this is not a protobuf of a model'));
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('predicts the softmax of x · W for a batch of rows', async () => {
      const m = await runtime.load({ format: 'onnx', path: join(dir, 'tiny.onnx') }, opts);
      const y = await m.predict(new Float32Array([1, 2, 3, 0, 0, 0]), 2);
      await m.dispose();
      expect(Array.from(y).map((v, i) => Math.abs(v - TINY_EXPECTED[i]))).to.satisfy((d: number[]) => d.every((x) => x < 1e-6));
    });

    it('reports a positive load time', async () => {
      const m = await runtime.load({ format: 'onnx', path: join(dir, 'tiny.onnx') }, opts);
      await m.dispose();
      expect(m.loadMs).to.be.above(0);
    });

    it('times two sessions in whole interleaved units', async () => {
      const a = await runtime.load({ format: 'onnx', path: join(dir, 'tiny.onnx') }, opts);
      const b = await runtime.load({ format: 'onnx', path: join(dir, 'tiny.onnx') }, opts);
      const t = await runtime.timePair(a, b, new Float32Array([1, 2, 3]), 1, protocol);
      await a.dispose();
      await b.dispose();
      expect([t.a.length, t.b.length]).to.deep.equal([8, 8]);
    });

    it('rejects a corrupt .onnx file with an InputError naming it', async () => {
      const err = await rejectedInputError(runtime.load({ format: 'onnx', path: join(dir, 'corrupt.onnx') }, opts), 'onnx-bad-model');
      expect(err.message).to.include('corrupt.onnx');
    });

    it('rejects a tfjs artifact: it loads ONNX only', async () => {
      const err = await rejectedInputError(runtime.load({ format: 'tfjs-layers', path: join(dir, 'model.json') }, opts), 'runtime-format');
      expect(err.message).to.include('loads onnx models');
    });
  });
}

describe('onnxruntime runtime on shared memory', () => {
  it('predicts rows held in a SharedArrayBuffer (worker threads share the dataset so)', async () => {
    const d = await mkdtemp(join(tmpdir(), 'slimbench-ort-shared-'));
    await writeFile(join(d, 'tiny.onnx'), tinyOnnx());
    const rows = new Float32Array(new SharedArrayBuffer(24));
    rows.set([1, 2, 3, 0, 0, 0]);
    const m = await onnxruntime.load({ format: 'onnx', path: join(d, 'tiny.onnx') }, opts);
    const y = await m.predict(rows, 2);
    await m.dispose();
    await rm(d, { recursive: true, force: true });
    expect(y[3]).to.be.closeTo(TINY_EXPECTED[3], 1e-6);
  });
});
