import { expect } from 'chai';
import { runtimeSpeedups } from '../../harness/compare/speed.js';
import type { CellRecord } from '../../harness/results/record.js';

const speed = (value: number, ci: [number, number]) => ({
  throughput: { batch: 256, samplesPerSec: 1, ci: [1, 1] as [number, number] },
  speedup: { value, ci },
});
const cell = (ort: number, web: number): CellRecord => ({
  id: 'q',
  variant: 'q',
  method: 'quantize',
  settings: {},
  seed: 1,
  reference: false,
  status: 'ok',
  speedRuntime: 'tfjs',
  runtimes: {
    tfjs: { status: 'ok', speed: speed(1, [0.99, 1.01]) },
    onnxruntime: { status: 'ok', speed: speed(ort, [ort * 0.99, ort * 1.01]) },
    'onnxruntime-web': { status: 'ok', speed: speed(web, [web * 0.99, web * 1.01]) },
  },
});

describe('compare: speed on each runtime', () => {
  it('judges the speedup on every runtime besides the one behind the top-level speed', () => {
    const m = runtimeSpeedups(cell(2.5, 1.5), cell(2.5, 1.5), 0.1);
    expect(m.map((x) => [x.metric, x.state])).to.deep.equal([
      ['runtimes.onnxruntime.speedup', 'pass'],
      ['runtimes.onnxruntime-web.speedup', 'pass'],
    ]);
  });

  it('calls a 20% lower speedup with a tight CI on one runtime regressed', () => {
    const m = runtimeSpeedups(cell(2.5, 1.5), cell(2.0, 1.5), 0.1);
    expect(m.find((x) => x.metric === 'runtimes.onnxruntime.speedup')!.state).to.equal('regressed');
  });

  it('leaves out a runtime the baseline skipped', () => {
    const base = cell(2.5, 1.5);
    base.runtimes!['onnxruntime-web'] = { status: 'skipped', reason: 'not here' };
    expect(runtimeSpeedups(base, cell(2.5, 1.5), 0.1).map((x) => x.metric)).to.deep.equal(['runtimes.onnxruntime.speedup']);
  });
});
