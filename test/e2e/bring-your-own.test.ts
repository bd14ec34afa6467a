import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';
import { fixture } from '../helpers/paths.js';
import { writeSuite } from '../helpers/suite.js';

const MODEL = fixture('models/digits-mlp');

/** A suite loading `model` (default: the digits fixture model) on the digit images with extra dataset lines. */
function suite(dataset: string[], model = MODEL, extraModel: string[] = []): string {
  return writeSuite(
    [
      'name: byo-check',
      'dataset:',
      '  source: images',
      `  dir: ${JSON.stringify(fixture('images/digits'))}`,
      '  channels: 1',
      ...dataset.map((l) => `  ${l}`),
      'model:',
      `  path: ${JSON.stringify(model)}`,
      ...extraModel.map((l) => `  ${l}`),
      'variants:',
      '  - {name: f16, method: quantize, settings: {bits: 16}}',
    ].join('\n'),
  );
}

describe('e2e: checks of a loaded model against its data', function () {
  this.timeout(300_000);
  const tmp = mkdtempSync(join(tmpdir(), 'sb-byo-'));
  const run = (file: string, name: string) =>
    runCli(['run', file, '--out', join(tmp, name, 'results'), '--cache-dir', join(tmp, name, 'cache'), '--workers', '1']);
  const results: Record<string, CliResult> = {};
  let caseFiles: Record<string, string> = {};

  before(async () => {
    const truncated = join(tmp, 'truncated-model');
    mkdirSync(truncated);
    copyFileSync(join(MODEL, 'model.json'), join(truncated, 'model.json'));
    writeFileSync(join(truncated, 'weights.bin'), readFileSync(join(MODEL, 'weights.bin')).subarray(0, 1000));
    const onnxTruncated = join(tmp, 'truncated.onnx');
    writeFileSync(onnxTruncated, readFileSync(fixture('onnx/digits-cnn.onnx')).subarray(0, 3000));
    const notOnnx = join(tmp, 'weights.onnx');
    writeFileSync(notOnnx, readFileSync(join(MODEL, 'weights.bin')).subarray(0, 4096));
    const cases: Record<string, string> = {
      onnxTruncated: suite(['size: [8, 8]'], onnxTruncated),
      onnxNotOnnx: suite(['size: [8, 8]'], notOnnx),
      onnxShape: suite([], fixture('onnx/digits-cnn.onnx')),
      shape: suite(['size: [14, 14]']),
      outputs: suite([`labels: ${JSON.stringify(fixture('images/digits-01-labels.csv'))}`]),
      classes: suite([], MODEL, ["classes: ['0', '1', '2']"]),
      truncated: suite([], truncated),
      graphShape: suite([], fixture('graph/float32')),
      graphOutputs: suite(['size: [8, 8]', `labels: ${JSON.stringify(fixture('images/digits-01-labels.csv'))}`], fixture('graph/float32')),
      unlabeledTrain: writeSuite(
        [
          'name: byo-train',
          'dataset:',
          '  source: images',
          `  dir: ${JSON.stringify(fixture('images/digits'))}`,
          '  labels: none',
          'model:',
          '  arch: mlp',
        ].join('\n'),
      ),
    };
    caseFiles = cases;
    const names = Object.keys(cases);
    const done = await Promise.all(names.map((n) => run(cases[n], n)));
    names.forEach((n, i) => (results[n] = done[i]));
  });

  it('exits 2 when the model input shape differs from the data, naming model.path, both shapes and the fix', () => {
    const r = results.shape;
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(
      /digits-mlp: the model takes inputs of shape \[28, 28, 1\] but images:.*digits has rows of shape \[14, 14, 1\] \(suite field model\.path\); give the data the model's input shape \(images: 'size'/,
    );
  });

  it('exits 2 when the output size differs from the class count, naming both and model.classes', () => {
    const r = results.outputs;
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(
      /digits-mlp: the model outputs shape \[3\] but images:.*digits has 2 classes; the last layer needs 2 units \(labels: digit-0, digit-1\) — list the model's classes in output order under 'model\.classes'/,
    );
  });

  it('exits 2 when model.classes leaves out a label of the data', () => {
    const r = results.classes;
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(/model\.classes: the data has the labels '7', which 'classes' does not list/);
  });

  it('exits 2 when a graph model input shape differs from the data', () => {
    const r = results.graphShape;
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(
      /graph\/float32: the model takes inputs of shape \[8, 8, 1\] but images:.*digits has rows of shape \[28, 28, 1\]/,
    );
  });

  it('exits 2 when a graph model output size differs from the class count', () => {
    const r = results.graphOutputs;
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(
      /graph\/float32: the model outputs shape \[3\] but images:.*digits has 2 classes; the last layer needs 2 units \(labels: digit-0, digit-1\)/,
    );
  });

  it('exits 2 on a truncated weights file, naming it', () => {
    const r = results.truncated;
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(
      /truncated-model\/weights\.bin: 1000 bytes, but .*model\.json's weightsManifest describes \d+; the weights file is truncated/,
    );
  });

  for (const [name, file] of [
    ['onnxTruncated', 'truncated.onnx'],
    ['onnxNotOnnx', 'weights.onnx'],
  ]) {
    it(`exits 2 at run on ${file} (${name === 'onnxTruncated' ? 'a truncated ONNX file' : 'bytes that are not ONNX'}), naming the file and the fix`, async () => {
      const r = results[name];
      expect(r.code, r.stderr).to.equal(2);
      expect(r.stderr).to.match(new RegExp(`${file.replace('.', '\\.')}: not (a readable|an) ONNX model .*re-export it`));
      const v = await runCli(['validate', caseFiles[name]]);
      expect(v.code, v.stderr).to.equal(2);
      expect(v.stderr).to.match(new RegExp(`suite\\.yaml:\\d+:\\d+ .*${file.replace('.', '\\.')}: not (a readable|an) ONNX model`));
    });
  }

  it('exits 2 when an ONNX model input shape differs from the data', () => {
    const r = results.onnxShape;
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(
      /digits-cnn\.onnx: the model takes inputs of shape \[8, 8, 1\] but images:.*digits has rows of shape \[28, 28, 1\]/,
    );
  });

  it('exits 2 when label-free data would train the original', () => {
    const r = results.unlabeledTrain;
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(/the data has no labels, so the original cannot be trained on it; load a trained model with 'model\.path'/);
  });
});

describe('e2e: methods by model kind', function () {
  this.timeout(120_000);

  it('rejects a structural method on an ONNX file in validate, naming the method, the model kind and the usable methods', async () => {
    const file = writeSuite(
      [
        'name: onnx-lowrank',
        'dataset:',
        '  source: images',
        `  dir: ${JSON.stringify(fixture('images/digits'))}`,
        '  size: [8, 8]',
        '  channels: 1',
        'model:',
        `  path: ${JSON.stringify(fixture('onnx/digits-cnn.onnx'))}`,
        'variants:',
        '  - {name: lr, method: lowrank, settings: {rank: 2}}',
        '  - {name: fs, method: feature-select, settings: {k: 10}}',
      ].join('\n'),
    );
    const r = await runCli(['validate', file]);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(
      /suite\.yaml:10:\d+ method 'lowrank' applies to tfjs layers models; model\.path is an ONNX file \(methods for it: prune, quantize/,
    );
    expect(r.stderr).to.match(/suite\.yaml:11:\d+ method 'feature-select' applies to tfjs layers models; model\.path is an ONNX file/);
  });

  it('lists the model kinds each method applies to', async () => {
    const r = await runCli(['list', 'methods']);
    expect(r.stdout).to.match(/ {2}prune: .*\[models: layers, graph, onnx\]/);
    expect(r.stdout).to.match(/ {2}quantize: .*\[models: layers, graph, onnx\]/);
    expect(r.stdout).to.match(/ {2}lowrank: .*\[models: layers\]/);
    expect(r.stdout).to.match(/ {2}distill: .*\[models: layers, graph, onnx\]/);
  });

  it('rejects a structural method on a graph model in validate, naming the model kind and the usable methods', async () => {
    const file = writeSuite(
      [
        'name: graph-lowrank',
        'dataset:',
        '  source: images',
        `  dir: ${JSON.stringify(fixture('images/digits'))}`,
        '  labels: none',
        '  size: [8, 8]',
        '  channels: 1',
        'model:',
        `  path: ${JSON.stringify(fixture('graph/float32'))}`,
        'variants:',
        '  - {name: lr, method: lowrank, settings: {rank: 2}}',
      ].join('\n'),
    );
    const r = await runCli(['validate', file]);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(
      /suite\.yaml:11:\d+ method 'lowrank' applies to tfjs layers models; model\.path is a tfjs graph model \(methods for it: prune, quantize, distill\)/,
    );
  });
});
