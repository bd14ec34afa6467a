import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { expect } from 'chai';
import { getDataSource } from '../../harness/data/index.js';
import { rowSize, type Dataset } from '../../harness/data/types.js';
import { readPredictions } from '../../harness/results/predictions.js';
import { argmaxRows } from '../../harness/measure/quality.js';
import type { RunRecord } from '../../harness/results/record.js';
import { readRecord } from '../../harness/results/store.js';
import { loadSuite } from '../../harness/suite/load.js';
import { applyQuick } from '../../harness/suite/quick.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/paths.js';

const SUITES = ['mlp', 'lenet300', 'lenet5', 'transformer'].map((s) => join(ROOT, 'suites', `runtime-matrix-${s}.yaml`));
const out = join(mkdtempSync(join(tmpdir(), 'sb-e2e-runtimes-')), 'results');
const records: { path: string; record: RunRecord; data: Dataset }[] = [];

/** Class predictions of an .onnx file in a plain onnxruntime-node session, in batches of 512 as the runtime predicted. */
async function plainPredictions(file: string, data: Dataset): Promise<Int32Array> {
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1 });
  const width = rowSize(data);
  const out = new Int32Array(data.test.n);
  for (let b = 0; b < data.test.n; b += 512) {
    const n = Math.min(512, data.test.n - b);
    const y = await session.run({
      [session.inputNames[0]]: new ort.Tensor('float32', data.test.x.slice(b * width, (b + n) * width), [n, ...data.inputShape]),
    });
    out.set(argmaxRows(y[session.outputNames[0]].data as Float32Array, data.classNames.length), b);
  }
  await session.release();
  return out;
}

describe('e2e: the runtime-matrix suites in --quick', function () {
  this.timeout(1_200_000);

  before(async () => {
    const r = await runCli(['run', ...SUITES, '--quick', '--out', out, '--no-cache', '--workers', '2', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    for (const suiteFile of SUITES) {
      const suite = applyQuick(loadSuite(suiteFile));
      const dir = join(out, suite.spec.name);
      const path = join(
        dir,
        readdirSync(dir).find((f) => f.endsWith('.json'))!,
      );
      const data = await getDataSource(suite.spec.dataset.source).load(suite.datasetSettings, suite.spec.seed, suite.dir);
      records.push({ path, record: readRecord(path), data });
    }
  });

  it('records every cell ok on every runtime, or skipped with a reason', () => {
    const bad = records.flatMap(({ record }) =>
      record.cells.flatMap((c) => [
        ...(c.status === 'ok' ? [] : [`${record.suite.name}/${c.id}: ${c.status} ${c.error}`]),
        ...Object.entries(c.runtimes ?? {})
          .filter(([, r]) => !(r.status === 'ok' || (r.status === 'skipped' && (r.reason ?? '').length > 10)))
          .map(([n, r]) => `${record.suite.name}/${c.id} on ${n}: ${r.status} ${r.error}`),
      ]),
    );
    expect(bad).to.deep.equal([]);
  });

  it('times every cell on tfjs and both onnxruntime builds', () => {
    for (const { record } of records)
      for (const c of record.cells)
        for (const n of ['onnxruntime', 'onnxruntime-web'])
          expect(c.runtimes?.[n]?.speed?.speedup.value, `${record.suite.name}/${c.id} on ${n}`).to.be.above(0);
  });

  it('gives the recorded predictions from every .onnx the run wrote, loaded in a plain onnxruntime-node session', async () => {
    let checked = 0;
    for (const { path, record, data } of records) {
      for (const c of record.cells) {
        const rt = c.runtimes!.onnxruntime;
        const recorded = readPredictions(path, { ...c, predictions: rt.predictions });
        expect(Array.from(await plainPredictions(c.onnxArtifact!, data)), `${record.suite.name}/${c.id}`).to.deep.equal(
          Array.from(recorded.predicted),
        );
        checked++;
      }
    }
    // 4 + 3 + 3 + 2 cells of the four suites, originals included.
    expect(checked).to.equal(12);
  });

  it('agrees with tfjs on 100% of the quickstart test rows with the fp32 export', () => {
    const mlp = records.find((r) => r.record.suite.name === 'runtime-matrix-mlp')!;
    const original = mlp.record.cells.find((c) => c.reference)!;
    expect(original.runtimes!.onnxruntime.parity!.rows).to.equal(1091);
    expect(original.runtimes!.onnxruntime.parity!.agreement).to.equal(1);
    expect(mlp.record.cells.find((c) => c.variant === 'int8-weights')!.runtimes!.onnxruntime.parity!.agreement).to.equal(1);
  });

  it('measures integer variants on onnxruntime, with ONNX sizes', () => {
    const cell = records
      .find((r) => r.record.suite.name === 'runtime-matrix-lenet300')!
      .record.cells.find((c) => c.variant === 'int8-dynamic')!;
    expect(cell.evaluatedOn).to.equal('onnxruntime');
    expect(cell.speedRuntime).to.equal('onnxruntime');
    expect(cell.size!.format).to.equal('onnx');
    // 266,610 parameters, of which the 266,200 kernel values are stored as one byte each.
    expect(cell.size!.onnxBytes).to.be.within(266_200, 266_200 + 410 * 4 + 4000);
    expect(cell.size!.onnxBrotliBytes).to.be.below(cell.size!.onnxBytes!);
  });
});
