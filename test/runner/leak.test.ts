import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSource } from '../../harness/data/index.js';
import type { Dataset } from '../../harness/data/types.js';
import { initBackend } from '../../harness/models/backend.js';
import { CellExecutor, type SeedData } from '../../harness/runner/executor.js';
import type { LoadedSuite } from '../../harness/suite/load.js';
import { expandPlan } from '../../harness/suite/plan.js';
import { suiteOf } from '../helpers/suite.js';

const VARIANTS = `
variants:
  - {name: prune, method: prune, settings: {sparsity: 0.5, fineTuneEpochs: 1}}
  - {name: structured, method: prune-structured, settings: {amount: 0.5, fineTuneEpochs: 1}}
  - {name: int8, method: quantize, settings: {bits: 8, activationBits: 8}}
  - {name: lowrank, method: lowrank, settings: {rank: 2, fineTuneEpochs: 1}}
  - {name: distill, method: distill, settings: {width: 0.5, epochs: 1}}
  - {name: features, method: feature-select, settings: {k: 2, ranking: permutation, epochs: 1}}
  - name: pipeline
    method: pipeline
    settings: {steps: [{method: prune, settings: {sparsity: 0.5}}, {method: quantize, settings: {bits: 4}}], fineTuneEpochs: 1}
`;

describe('runner: no tensor leaks', function () {
  this.timeout(300_000);
  let suite: LoadedSuite;
  let dataset: Dataset;
  const executor = new CellExecutor();
  const tmp = mkdtempSync(join(tmpdir(), 'slimbench-leak-'));
  let seed: SeedData;

  before(async () => {
    await initBackend('wasm');
    suite = suiteOf(VARIANTS);
    dataset = await getDataSource('csv').load(suite.datasetSettings, suite.spec.seed, suite.dir);
  });

  after(() => executor.dispose());

  it('keeps exactly the original model loaded after measuring it', async () => {
    const cell = expandPlan(suite).cells[0];
    const before = tf.memory().numTensors;
    const result = await executor.execute({ kind: 'original', suite, dataset, cell, entry: join(tmp, 'original') }, () => {});
    seed = result.seed!;
    expect(result.record.status).to.equal('ok');
    // The tiny suite's MLP (hidden [8]) has two Dense layers: a kernel and a bias each.
    expect(tf.memory().numTensors - before).to.equal(4);
  });

  for (const name of ['prune', 'structured', 'int8', 'lowrank', 'distill', 'features', 'pipeline']) {
    it(`leaves tf.memory().numTensors unchanged across the ${name} cell`, async () => {
      const cell = expandPlan(suite).cells.find((c) => c.variant === name)!;
      const before = tf.memory().numTensors;
      const result = await executor.execute({ kind: 'variant', suite, dataset, seed, cell, entry: join(tmp, name) }, () => {});
      expect(result.record.status, result.record.error).to.equal('ok');
      expect(tf.memory().numTensors).to.equal(before);
    });
  }
});
