import type * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { isPrunable, prune, pruneSettings, type PruneSettings } from '../../harness/methods/prune.js';
import type { MethodContext } from '../../harness/methods/types.js';
import { denseNet, tinyContext, tinyDataset, useWasm, weightValues, zeros } from './compress-fixtures.js';

const ctx: MethodContext = tinyContext(tinyDataset());
const kernels = ['dense_in/kernel', 'dense_mid/kernel', 'dense_out/kernel'];

/** denseNet 8 → 16 → 12 → 3 with named layers. */
function net(seed = 2): tf.LayersModel {
  return denseNet(8, [16, 12], 3, seed, ['dense_in', 'dense_mid', 'dense_out']);
}

async function run(settings: Partial<PruneSettings> & Record<string, unknown>, model = net()) {
  const s = pruneSettings.parse(settings);
  const before = kernels.map((k) => weightValues(model, k));
  const result = await prune.apply(model, s, ctx);
  return { model, before, result, after: kernels.map((k) => weightValues(model, k)) };
}

function issues(settings: Record<string, unknown>): string {
  const r = pruneSettings.safeParse(settings);
  expect(r.success).to.equal(false);
  return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
}

describe('methods/prune', () => {
  before(useWasm);

  it('zeroes exactly round(sparsity × size) values of every kernel with layer scope', async () => {
    const { after, model } = await run({ sparsity: 0.7 });
    expect(after.map(zeros)).to.deep.equal([Math.round(0.7 * 128), Math.round(0.7 * 192), Math.round(0.7 * 36)]);
    model.dispose();
  });

  it('prunes only the named layers when the context names some (sensitivity cells)', async () => {
    const model = net();
    const result = await prune.apply(model, pruneSettings.parse({ sparsity: 0.5 }), { ...ctx, layers: ['dense_mid'] });
    expect(kernels.map((k) => zeros(weightValues(model, k)))).to.deep.equal([0, 96, 0]);
    expect(result.info.prunedWeights).to.equal(192);
    model.dispose();
  });

  it('removes the smallest magnitudes of each kernel', async () => {
    const { before, after, model } = await run({ sparsity: 0.5 });
    before.forEach((b, i) => {
      const pruned = b.filter((_, j) => after[i][j] === 0).map(Math.abs);
      const kept = b.filter((_, j) => after[i][j] !== 0).map(Math.abs);
      expect(Math.max(...pruned)).to.be.at.most(Math.min(...kept));
    });
    model.dispose();
  });

  it('leaves biases unpruned', async () => {
    const model = net();
    const biases = model.weights.filter((w) => !isPrunable(w)).map((w) => w.read().dataSync().slice());
    await prune.apply(model, pruneSettings.parse({ sparsity: 0.9 }), ctx);
    expect(model.weights.filter((w) => !isPrunable(w)).map((w) => Array.from(w.read().dataSync()))).to.deep.equal(
      biases.map((b) => Array.from(b)),
    );
    model.dispose();
  });

  it('with global scope zeroes exactly round(sparsity × total) values under one threshold', async () => {
    const { before, after, result, model } = await run({ sparsity: 0.6, scope: 'global' });
    const total = 128 + 192 + 36;
    expect(after.reduce((a, v) => a + zeros(v), 0)).to.equal(Math.round(0.6 * total));
    const pruned = before.flatMap((b, i) =>
      Array.from(
        b.filter((_, j) => after[i][j] === 0),
        Math.abs,
      ),
    );
    const kept = before.flatMap((b, i) =>
      Array.from(
        b.filter((_, j) => after[i][j] !== 0),
        Math.abs,
      ),
    );
    expect(Math.max(...pruned)).to.be.at.most(Math.min(...kept));
    expect(result.info.keptSparsity).to.be.closeTo(Math.round(0.6 * total) / total, 1e-12);
    model.dispose();
  });

  it('keeps pruned weights exactly zero through fine-tuning while the others train', async () => {
    const model = net();
    const s = pruneSettings.parse({ sparsity: 0.5 });
    await prune.apply(model, s, ctx);
    const pruned = kernels.map((k) => weightValues(model, k));
    model.dispose();
    const tuned = await run({ sparsity: 0.5, fineTuneEpochs: 2 });
    tuned.after.forEach((v, i) => {
      v.forEach((x, j) => expect(x === 0).to.equal(pruned[i][j] === 0));
    });
    expect(tuned.after[0]).to.not.deep.equal(pruned[0]);
    expect(tuned.result.info.fineTune).to.include({ epochs: 2, learningRate: 0.001, steps: 2 * Math.ceil(96 / 16) });
    tuned.model.dispose();
  });

  it('keeps at most 2 nonzero values in every group of 4 inputs with pattern 2:4', async () => {
    const { after, model } = await run({ pattern: '2:4' });
    const shapes = [
      [8, 16],
      [16, 12],
      [12, 3],
    ];
    after.forEach((v, k) => {
      const [rows, cols] = shapes[k];
      for (let j = 0; j < cols; j++) {
        for (let g = 0; g < rows; g += 4) {
          let nonzero = 0;
          for (let i = g; i < g + 4; i++) if (v[i * cols + j] !== 0) nonzero++;
          expect(nonzero).to.equal(2);
        }
      }
    });
    model.dispose();
  });

  it('raises sparsity along the polynomial schedule and ends exactly at the target', async () => {
    const { after, result, model } = await run({ sparsity: 0.8, schedule: 'polynomial', frequency: 4, fineTuneEpochs: 2 });
    expect(after.map(zeros)).to.deep.equal([Math.round(0.8 * 128), Math.round(0.8 * 192), Math.round(0.8 * 36)]);
    // 12 steps, updates at 4, 8 and 12: sparsity 0.8 - 0.8 * (1 - 4/12)^3 at the first.
    expect(result.info.scheduleUpdates).to.equal(3);
    expect((result.info.firstUpdate as { sparsity: number }).sparsity).to.be.closeTo(0.8 - 0.8 * (8 / 27), 1e-12);
    expect(result.info.lastUpdate).to.deep.equal({ step: 12, sparsity: 0.8 });
    model.dispose();
  });

  it('rejects sparsity 1.5 naming the allowed range', () => {
    expect(issues({ sparsity: 1.5 })).to.contain('sparsity: sparsity must be in 0..0.99');
  });

  it("rejects pattern '5:4' naming the allowed form", () => {
    expect(issues({ pattern: '5:4' })).to.contain("pattern: pattern must be 'N:M' with integers 1 <= N < M <= 32");
  });

  it('rejects a polynomial schedule without fine-tuning', () => {
    expect(issues({ sparsity: 0.5, schedule: 'polynomial' })).to.contain('fineTuneEpochs: ');
  });

  it('rejects settings with neither sparsity nor pattern', () => {
    expect(issues({ scope: 'global' })).to.contain('set sparsity (0..0.99) or pattern');
  });
});
