import { expect } from 'chai';
import fc from 'fast-check';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecord } from '../../harness/results/store.js';
import { runCli } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/cli-inproc.js';
import { fixture } from '../helpers/paths.js';
import { expectClean, params, Tally } from './check.js';
import { applyEdits, applyTextEdit, edits, textEdit, type Json } from './mutate.js';

const tmp = mkdtempSync(join(tmpdir(), 'sb-fuzz-model-'));
const CACHE = join(tmp, 'cache');
const base = join(tmp, 'base');
let modelJson = '';
let weightFiles: string[] = [];

/** A one-variant quick suite that loads `model/` instead of training. */
const SUITE = (csv: string) =>
  [
    'name: fuzz-model',
    `dataset: {source: csv, file: ${JSON.stringify(csv)}, label: label, testFraction: 0.25}`,
    'model: {path: model}',
    'measure: {resamples: 100, speed: {batch: 4, warmupRounds: 1, warmupMs: 0, minRounds: 2, minTimeMs: 0, latencyRounds: 0}}',
    'variants:',
    '  - {name: q, method: quantize, settings: {bits: 8}}',
  ].join('\n');

/** An edit of the weights file: cut it, append bytes, or overwrite a byte. */
const weightEdit = fc.option(
  fc.oneof(
    fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('append' as const), n: fc.integer({ min: 1, max: 9 }) }),
    fc.record({ op: fc.constant('poke' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  ),
  { freq: 3 },
);
const mutation = fc.record({
  json: fc.oneof(
    { weight: 5, arbitrary: edits(3).map((e) => ({ tree: e })) },
    { weight: 1, arbitrary: textEdit.map((t) => ({ text: t })) },
    { weight: 1, arbitrary: fc.constant({ none: true as const }) },
  ),
  weights: weightEdit,
});
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

let n = 0;
function writeCase(m: Mutation): { suite: string; out: string; text: string } {
  const dir = join(tmp, `case-${n++}`);
  const model = join(dir, 'model');
  mkdirSync(model, { recursive: true });
  const text =
    'tree' in m.json
      ? JSON.stringify(applyEdits(JSON.parse(modelJson) as Json, m.json.tree))
      : 'text' in m.json
        ? applyTextEdit(modelJson, m.json.text)
        : modelJson;
  writeFileSync(join(model, 'model.json'), text);
  for (const w of weightFiles) {
    let bytes = new Uint8Array(readFileSync(join(base, w)));
    const e = m.weights;
    if (e?.op === 'cut') bytes = bytes.slice(0, e.at % bytes.length);
    else if (e?.op === 'append') bytes = new Uint8Array([...bytes, ...new Array<number>(e.n).fill(7)]);
    else if (e?.op === 'poke') bytes[e.at % bytes.length] = e.byte;
    writeFileSync(join(model, w), bytes);
  }
  writeFileSync(join(dir, 'suite.yaml'), SUITE(join(tmp, 'tiny.csv')));
  return { suite: join(dir, 'suite.yaml'), out: join(dir, 'results'), text };
}

const runArgs = (c: { suite: string; out: string }) => [
  'run',
  c.suite,
  '--quick',
  '--no-cache',
  '--cache-dir',
  CACHE,
  '--workers',
  '1',
  '--out',
  c.out,
];

/** The base MLP rewritten to `width` inputs and `units` outputs, topology, manifest and weight bytes consistent. */
function reshapedCase(width: number, units: number): { suite: string; out: string } {
  const { suite, out } = writeCase({ json: { none: true }, weights: null });
  const model = join(suite, '..', 'model');
  const json = JSON.parse(modelJson) as {
    modelTopology: { config: { layers: { config: Record<string, unknown> }[] } };
    weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[];
  };
  const [first, last] = [json.modelTopology.config.layers[0], json.modelTopology.config.layers.at(-1)!];
  first.config.batch_input_shape = [null, width];
  last.config.units = units;
  const [k1, b1, k2, b2] = json.weightsManifest[0].weights;
  k1.shape = [width, k1.shape[1]];
  k2.shape = [k2.shape[0], units];
  b2.shape = [units];
  const floats = k1.shape[0] * k1.shape[1] + b1.shape[0] + k2.shape[0] * k2.shape[1] + units;
  writeFileSync(join(model, 'model.json'), JSON.stringify(json));
  writeFileSync(join(model, json.weightsManifest[0].paths[0]), new Uint8Array(new Float32Array(floats).fill(0.1).buffer));
  return { suite, out };
}

describe('fuzz: mutated tfjs model artifacts', function () {
  this.timeout(180_000);

  before(async () => {
    copyFileSync(fixture('suites/tiny.yaml'), join(tmp, 'tiny.yaml'));
    copyFileSync(fixture('suites/tiny.csv'), join(tmp, 'tiny.csv'));
    const r = await cliInProcess([
      'run',
      join(tmp, 'tiny.yaml'),
      '--quick',
      '--no-cache',
      '--cache-dir',
      CACHE,
      '--workers',
      '1',
      '--filter',
      'original',
      '--out',
      join(tmp, 'results'),
      '--json',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const record = readRecord((JSON.parse(r.stdout) as { records: string[] }).records[0]);
    cpSync(record.cells[0].artifact as string, base, { recursive: true });
    modelJson = readFileSync(join(base, 'model.json'), 'utf8');
    weightFiles = readdirSync(base).filter((f) => f !== 'model.json');
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('run ends every mutated model.json and weights file with exit 0 or 2, no stack trace and a clean results folder', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const { suite, out, text } = writeCase(m);
        expectClean(tally.add(await cliInProcess(runArgs({ suite, out }))), out, `${JSON.stringify(m.weights)} ${text}`, [0, 2]);
      }),
      params(31337, 20),
    );
    tally.expectSeen([0, 2]);
  });

  // Found by this fuzzing: a consistent model of another input width or class count failed its cells inside tfjs (exit 3).
  it('rejects a loaded model whose input width differs from the dataset, naming the model and both shapes', async () => {
    const r = await cliInProcess(runArgs(reshapedCase(5, 3)));
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(/model: the model takes inputs of shape \[5\] but csv:.*tiny\.csv has rows of shape \[4\]/);
  });

  it('rejects a loaded model with one output unit per class of another dataset', async () => {
    const r = await cliInProcess(runArgs(reshapedCase(4, 5)));
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.include('the model outputs shape [5] but');
    expect(r.stderr).to.include('has 3 classes; the last layer needs 3 units');
  });

  it('runs a consistent model of any input width and class count to exit 0 exactly when it fits the dataset', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), async (width, units) => {
        const { suite, out } = reshapedCase(width, units);
        const r = await cliInProcess(runArgs({ suite, out }));
        expectClean(r, out, `width ${width}, units ${units}`, [width === 4 && units === 3 ? 0 : 2]);
      }),
      params(12, 6),
    );
  });

  it('the real CLI runs mutated model artifacts without a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const { suite, out, text } = writeCase(m);
        expectClean(await runCli(runArgs({ suite, out })), out, text, [0, 2]);
      }),
      params(8, 2),
    );
  });
});
