import { expect } from 'chai';
import * as ort from 'onnxruntime-node';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImages, imagesSettings } from '../../harness/data/images.js';
import { initBackend } from '../../harness/engine/backend.js';
import { loadModel } from '../../harness/engine/artifact-read.js';
import { loadGraph } from '../../harness/engine/graph-read.js';
import { detectModelKind } from '../../harness/models/kind.js';
import { readPredictions } from '../../harness/results/predictions.js';
import { argmaxRows } from '../../harness/measure/quality.js';
import { predictProbs } from '../../harness/models/train.js';
import type { RunRecord } from '../../harness/results/record.js';
import { readRecord } from '../../harness/results/store.js';
import { loadSuite } from '../../harness/suite/load.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { ROOT } from '../helpers/paths.js';

const DIR = join(ROOT, 'suites', 'examples');
const SUITES = readdirSync(DIR)
  .filter((n) => n.endsWith('.yaml'))
  .sort()
  .map((n) => join(DIR, n));

describe('e2e: the bring-your-own examples run with --quick', function () {
  this.timeout(900_000);
  const tmp = mkdtempSync(join(tmpdir(), 'sb-e2e-examples-'));
  let result: CliResult;
  const records = new Map<string, { record: RunRecord; path: string }>();

  before(async () => {
    result = await runCli(['run', ...SUITES, '--quick', '--json', '--out', join(tmp, 'results'), '--cache-dir', join(tmp, 'cache')]);
    if (result.code === 0 || result.code === 1) {
      for (const path of (JSON.parse(result.stdout) as { records: string[] }).records) {
        const record = readRecord(path);
        records.set(record.suite.name, { record, path });
      }
    }
  });

  it('exits 0 or 1 with one record per example suite', () => {
    expect(result.code, result.stderr.slice(-4000)).to.be.oneOf([0, 1]);
    expect([...records.keys()].sort()).to.deep.equal(SUITES.map((f) => loadSuite(f).spec.name).sort());
  });

  it('measures every cell of every example', () => {
    for (const { record } of records.values()) {
      expect(
        record.cells.filter((c) => c.status !== 'ok').map((c) => `${c.id}: ${c.error}`),
        record.suite.name,
      ).to.deep.equal([]);
    }
  });

  it('records KL and total variation beside fidelity for labelled data', () => {
    const { record } = records.get('example-penguins')!;
    for (const c of record.cells.filter((c) => !c.reference)) {
      expect(c.kl!.ci[0], c.id).to.be.at.most(c.kl!.value);
      expect(c.tv!.value, c.id).to.be.within(0, 1);
      expect(c.quality!.accuracy, c.id).to.not.equal(undefined);
    }
  });

  it('measures label-free cells by agreement with the original, with intervals, and evaluates their gates', () => {
    const { record } = records.get('example-images-label-free')!;
    expect(record.dataset?.labeled).to.equal(false);
    expect(record.dataset?.classNames).to.deep.equal(['0', '1', '7']);
    for (const c of record.cells) {
      expect(Object.keys(c.quality!).sort(), c.id).to.deep.equal(['fidelity', 'kl', 'top2Overlap', 'tv']);
      expect(c.quality!.accuracy, c.id).to.equal(undefined);
    }
    const original = record.cells.find((c) => c.reference)!;
    expect(original.quality!.fidelity).to.deep.equal({ value: 1, ci: [1, 1] });
    expect(record.gates).to.have.length(4);
    expect(record.gates.filter((g) => g.value === null)).to.deep.equal([]);
  });

  for (const [name, file] of [
    ['example-images-label-free', 'images-label-free.yaml'],
    ['example-graph-model', 'graph-model.yaml'],
  ]) {
    it(`writes ${name} artifacts that stock tfjs loads and that give the recorded predictions`, async () => {
      await initBackend('wasm');
      const { record, path } = records.get(name)!;
      const { spec, dir } = loadSuite(join(DIR, file));
      const { source: _, ...settings } = spec.dataset;
      const ds = loadImages(imagesSettings.parse(settings), spec.seed, dir);
      for (const c of record.cells) {
        const model =
          detectModelKind(c.artifact as string) === 'graph' ? await loadGraph(c.artifact as string) : await loadModel(c.artifact as string);
        const predicted = argmaxRows(predictProbs(model, ds.test, ds.inputShape), 3);
        model.dispose();
        expect(Array.from(predicted), c.id).to.deep.equal(Array.from(readPredictions(path, c).predicted));
      }
    });
  }

  it('measures a graph-model original with float16, 8-bit, pruned and N:M-pruned variants', () => {
    const { record } = records.get('example-graph-model')!;
    expect(record.cells.map((c) => c.variant).sort()).to.deep.equal(['distilled', 'float16', 'int8', 'original', 'pruned', 'pruned-2of4']);
    const pruned = record.cells.find((c) => c.variant === 'pruned')!;
    expect(pruned.size!.nonzeroParams).to.be.below(pruned.size!.params);
    expect(pruned.methodInfo!.kind).to.equal('graph');
    // 2:4 along the input channels: the 4-channel depthwise and the 4-input dense kernels keep half; the 1-channel conv keeps all.
    const nm = record.cells.find((c) => c.variant === 'pruned-2of4')!;
    expect(nm.size!.params - nm.size!.nonzeroParams).to.equal((36 + 12) / 2);
  });

  it('writes example-onnx-model .onnx files that a plain onnxruntime session loads and that give the recorded predictions', async () => {
    const { record, path } = records.get('example-onnx-model')!;
    const { spec, dir } = loadSuite(join(DIR, 'onnx-model.yaml'));
    const { source: _, ...settings } = spec.dataset;
    const ds = loadImages(imagesSettings.parse(settings), spec.seed, dir);
    for (const c of record.cells) {
      const session = await ort.InferenceSession.create(c.onnxArtifact as string);
      const x = new ort.Tensor('float32', ds.test.x.slice(), [ds.test.n, ...ds.inputShape]);
      const probs = (await session.run({ [session.inputNames[0]]: x }))[session.outputNames[0]].data as Float32Array;
      await session.release();
      expect(Array.from(argmaxRows(probs, 3)), c.id).to.deep.equal(Array.from(readPredictions(path, c).predicted));
    }
  });

  it('distills a registry student from a graph-model teacher on unlabelled data, from its outputs alone', () => {
    const c = records.get('example-graph-model')!.record.cells.find((c) => c.variant === 'distilled')!;
    expect(c.methodInfo!.teacher).to.equal('graph');
    expect(c.methodInfo!.alpha).to.equal(1);
    expect(c.quality!.fidelity.value).to.be.within(0, 1);
  });

  it('measures an ONNX original on onnxruntime with float16, 8-bit, pruned, integer and distilled variants', () => {
    const { record } = records.get('example-onnx-model')!;
    expect(record.cells.map((c) => c.variant).sort()).to.deep.equal([
      'distilled',
      'float16',
      'int8',
      'onnx-dynamic',
      'original',
      'pruned',
      'pruned-2of4',
    ]);
    for (const c of record.cells) {
      // The distilled student is a tfjs model (evaluated on tfjs); it is timed on onnxruntime against the ONNX teacher.
      expect(c.evaluatedOn, c.id).to.equal(c.variant === 'distilled' ? undefined : 'onnxruntime');
      expect(c.speedRuntime, c.id).to.equal('onnxruntime');
      expect(c.runtimes!.onnxruntime.status, c.id).to.equal('ok');
      expect(c.speed!.speedup, c.id).to.not.equal(undefined);
    }
    const size = (v: string) => record.cells.find((c) => c.variant === v)!.size!;
    const distilled = record.cells.find((c) => c.variant === 'distilled')!;
    expect(distilled.methodInfo!.teacher).to.equal('onnx');
    expect((distilled.methodInfo!.student as { arch: string }).arch).to.equal('mlp');
    expect(size('float16').artifactBytes).to.be.below(size('original').artifactBytes * 0.7);
    expect(size('int8').artifactBytes).to.be.below(size('float16').artifactBytes);
    expect(size('pruned').nonzeroParams).to.be.below(size('pruned').params * 0.6);
  });
});
