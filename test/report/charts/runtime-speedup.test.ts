import { expect } from 'chai';
import type { RunRecord } from '../../../harness/results/record.js';
import { runtimeSpeedupChart, runtimeSpeedupPoints } from '../../../harness/report/charts/runtime-speedup.js';
import { loadFixture, rowsOf, schemaErrors } from '../helpers.js';

const speed = (value: number, ci: [number, number]) => ({
  throughput: { batch: 256, samplesPerSec: 1, ci: [1, 1] as [number, number] },
  speedup: { value, ci },
});

/** The fixture with its first variant timed on two runtimes and the rest on none. */
function withRuntimes(): RunRecord {
  const record = loadFixture();
  const first = record.cells.find((c) => !c.reference && c.status === 'ok')!;
  first.runtimes = {
    tfjs: { status: 'ok', speed: speed(1.02, [0.95, 1.1]) },
    onnxruntime: { status: 'ok', speed: speed(2.5, [2.4, 2.6]) },
    'onnxruntime-web': { status: 'skipped', reason: 'not here' },
  };
  return record;
}

describe('report/charts/runtime-speedup', () => {
  it('is absent when no cell was timed on a runtime', () => {
    expect(runtimeSpeedupChart(loadFixture())).to.equal(null);
  });

  it('is a valid Vega-Lite spec', () => {
    expect(schemaErrors(runtimeSpeedupChart(withRuntimes()))).to.deep.equal([]);
  });

  it('has one point per runtime that timed a variant, skipped runtimes left out', () => {
    const rows = rowsOf<{ runtime: string; speedup: number; outcome: string }>(runtimeSpeedupChart(withRuntimes())!);
    expect(rows.map((r) => [r.runtime, r.speedup, r.outcome])).to.deep.equal([
      ['tfjs', 1.02, 'no clear change'],
      ['onnxruntime', 2.5, 'faster'],
    ]);
  });

  it('leaves the original out', () => {
    const record = withRuntimes();
    record.cells.find((c) => c.reference)!.runtimes = { onnxruntime: { status: 'ok', speed: speed(1, [0.99, 1.01]) } };
    expect(runtimeSpeedupPoints(record)).to.have.length(2);
  });
});
