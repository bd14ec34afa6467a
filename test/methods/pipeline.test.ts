import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { InputError } from '../../harness/errors.js';
import { hasMasks } from '../../harness/methods/fine-tune.js';
import { makePipeline } from '../../harness/methods/pipeline.js';
import { prune, pruneSettings } from '../../harness/methods/prune.js';
import { pruneStructured } from '../../harness/methods/prune-structured.js';
import { quantize } from '../../harness/methods/quantize.js';
import type { CompressionMethod } from '../../harness/methods/types.js';
import { denseNet, tinyContext, tinyDataset, useWasm, weightValues } from './compress-fixtures.js';

const registry: Record<string, CompressionMethod> = { prune, quantize, 'prune-structured': pruneStructured };
const lookup = (name: string): CompressionMethod => {
  const m = registry[name];
  if (!m) throw new InputError(`unknown method '${name}'; valid methods: ${Object.keys(registry).join(', ')}`, 'unknown-method');
  return m;
};
const pipeline = makePipeline(lookup);
const ctx = tinyContext(tinyDataset());
const kernels = ['d1/kernel', 'd2/kernel', 'out/kernel'];
const net = (): tf.LayersModel => denseNet(8, [16, 12], 3, 2, ['d1', 'd2', 'out']);

/** Zero positions of the kernels after pruning `model` alone at `sparsity`. */
async function prunedZeros(sparsity: number): Promise<boolean[][]> {
  const model = net();
  await prune.apply(model, pruneSettings.parse({ sparsity }), ctx);
  const z = kernels.map((k) => Array.from(weightValues(model, k), (v) => v === 0));
  model.dispose();
  return z;
}

function issues(settings: unknown): string[] {
  const r = pipeline.settings.safeParse(settings);
  expect(r.success).to.equal(false);
  return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('methods/pipeline', () => {
  before(useWasm);

  it('prunes, fine-tunes with the zeros held, then quantizes, listing each step', async () => {
    const expected = await prunedZeros(0.6);
    const model = net();
    const settings = pipeline.settings.parse({
      steps: [
        { method: 'prune', settings: { sparsity: 0.6 } },
        { method: 'quantize', settings: { bits: 8 } },
      ],
      fineTuneEpochs: 2,
    });
    const before = weightValues(model, 'd1/kernel');
    const result = await pipeline.apply(model, settings, ctx);
    kernels.forEach((k, i) => expect(Array.from(weightValues(result.model, k), (v) => v === 0)).to.deep.equal(expected[i]));
    expect(weightValues(result.model, 'd1/kernel').filter((v, j) => v !== 0 && v !== before[j])).to.not.be.empty;
    const steps = result.info.steps as { method: string; info: Record<string, unknown>; fineTune?: { epochs: number } }[];
    expect(steps.map((s) => s.method)).to.deep.equal(['prune', 'quantize']);
    expect(steps[0].fineTune?.epochs).to.equal(2);
    expect(steps[1].info.bits).to.equal(8);
    expect(result.encoding).to.deep.equal(Object.fromEntries(kernels.map((k) => [k, { dtype: 'uint8' }])));
    expect(result.info.heldMasks).to.deep.equal(kernels);
    model.dispose();
  });

  it("holds earlier masks through a later step's own fine-tuning", async () => {
    const expected = await prunedZeros(0.5);
    const model = net();
    const settings = pipeline.settings.parse({
      steps: [
        { method: 'prune', settings: { sparsity: 0.5 } },
        { method: 'prune-structured', settings: { amount: 0, fineTuneEpochs: 2 } },
      ],
    });
    const result = await pipeline.apply(model, settings, ctx);
    expect(result.model).to.not.equal(model);
    kernels.forEach((k, i) => expect(Array.from(weightValues(result.model, k), (v) => v === 0)).to.deep.equal(expected[i]));
    expect(hasMasks(result)).to.equal(true);
    result.model.dispose();
    model.dispose();
  });

  it('lets a later encoding override an earlier one per weight', async () => {
    const model = net();
    const settings = pipeline.settings.parse({
      steps: [
        { method: 'quantize', settings: { dtype: 'float16', scope: 'all' } },
        { method: 'quantize', settings: { bits: 8 } },
      ],
    });
    const result = await pipeline.apply(model, settings, ctx);
    expect(result.encoding!['d1/kernel']).to.deep.equal({ dtype: 'uint8' });
    expect(result.encoding!['d1/bias']).to.deep.equal({ dtype: 'float16' });
    model.dispose();
  });

  it("checks each step's settings against its method, naming the step and the range", () => {
    expect(
      issues({
        steps: [
          { method: 'quantize', settings: { bits: 8 } },
          { method: 'prune', settings: { sparsity: 1.5 } },
        ],
      }),
    ).to.deep.equal(['steps.1.settings.sparsity: sparsity must be in 0..0.99']);
  });

  it('rejects an unknown step method with the valid names', () => {
    expect(issues({ steps: [{ method: 'prunee' }] })[0]).to.match(
      /^steps\.0\.method: unknown method 'prunee'; valid methods: prune, quantize/,
    );
  });

  it('rejects an unknown key in a step', () => {
    expect(issues({ steps: [{ method: 'prune', setting: { sparsity: 0.5 } }] })).to.include(
      "steps.0.setting: unknown key 'setting'; a step has only 'method' and 'settings'",
    );
  });
});
