import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'chai';
import { saveModel } from '../../harness/engine/artifact-write.js';
import { artifactBytesOfDir, countParams, loadMeasured, measureSize } from '../../harness/measure/size.js';

function model(): tf.LayersModel {
  const m = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [16], units: 32, activation: 'relu' }), tf.layers.dense({ units: 4 })],
  });
  // Half of the first kernel is zero: 16·32 / 2 zeros.
  const k = m.layers[0].getWeights()[0];
  const mask = tf.tensor2d(
    Float32Array.from({ length: 512 }, (_, i) => (i % 2 ? 0 : 1)),
    [16, 32],
  );
  m.layers[0].setWeights([tf.mul(k, mask), tf.ones([32])]);
  mask.dispose();
  return m;
}

describe('size figures', () => {
  let root: string;
  before(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    root = await mkdtemp(join(tmpdir(), 'slimbench-size-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('counts parameters and nonzero parameters', () => {
    const m = model();
    // 16·32 + 32 + 32·4 + 4 = 676 params; 256 kernel zeros and a zero output bias of 4.
    expect(countParams(m)).to.deep.equal({ params: 676, nonzeroParams: 676 - 256 - 4 });
    m.dispose();
  });

  it('measures the memory a loaded model holds as params × 4 bytes', async () => {
    const m = model();
    const dir = join(root, 'float');
    await saveModel(m, dir);
    m.dispose();
    const { model: loaded, memoryBytes } = await loadMeasured(dir);
    expect(memoryBytes).to.equal(676 * 4);
    loaded.dispose();
  });

  it('keeps memory at float32 size when the artifact stores uint8 codes', async () => {
    const m = model();
    const dir = join(root, 'uint8');
    const encoding = Object.fromEntries(m.weights.map((w) => [w.name, { dtype: 'uint8' as const }]));
    const artifact = await saveModel(m, dir, encoding);
    m.dispose();
    const { model: loaded, memoryBytes } = await loadMeasured(dir);
    const size = measureSize(loaded, artifact, { memoryBytes, original: artifactBytesOfDir(join(root, 'float')) });
    expect(size.memoryBytes).to.equal(676 * 4);
    expect(size.fp32Bytes).to.equal(676 * 4);
    expect(size.artifactBytes).to.be.lessThan(artifactBytesOfDir(join(root, 'float')).artifactBytes);
    loaded.dispose();
  });

  it('computes both ratios as original bytes / these bytes', async () => {
    const { model: loaded } = await loadMeasured(join(root, 'float'));
    const original = artifactBytesOfDir(join(root, 'float'));
    const self = measureSize(loaded, {
      dir: join(root, 'float'),
      files: [
        { name: 'model.json', bytes: 0 },
        { name: 'weights.bin', bytes: 0 },
      ],
      totalBytes: original.artifactBytes,
    });
    expect(self.compressionRatio).to.equal(1);
    expect(self.gzipRatio).to.equal(1);
    expect(self.gzipBytes).to.equal(original.gzipBytes);
    const halved = measureSize(
      loaded,
      {
        dir: join(root, 'float'),
        files: [
          { name: 'model.json', bytes: 0 },
          { name: 'weights.bin', bytes: 0 },
        ],
        totalBytes: original.artifactBytes,
      },
      { original: { artifactBytes: original.artifactBytes * 2, gzipBytes: original.gzipBytes * 3 } },
    );
    expect(halved.compressionRatio).to.equal(2);
    expect(halved.gzipRatio).to.equal(3);
    loaded.dispose();
  });
});
