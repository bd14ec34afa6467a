import { expect } from 'chai';
import { compareRuns } from '../../harness/compare/compare.js';
import { DEFAULT_COMPARE } from '../../harness/compare/settings.js';
import { runDrift } from '../../harness/compare/speed.js';
import type { StoredRun } from '../../harness/compare/types.js';
import { rows, templateCells } from '../fixtures/records/template.js';
import { cellOf, changed, compareWithTemplate, states, storedRun } from './helpers.js';
import { inputError } from '../helpers/errors.js';

const P05 = 'pruned[sparsity=0.5]';
const P09 = 'pruned[sparsity=0.9]';

/** The 0.9 cell's throughput in the template (kept when only its speedup changes). */
const TEMPLATE_P09_RATE = { samplesPerSec: 800_000, ci: [780_000, 820_000] as [number, number] };

/** The template with every cell's throughput times `factor` (speedups unchanged). */
function slowerEverywhere(factor: number) {
  return templateCells().map((x) => {
    const rate = 400_000 * (x.speedup?.value ?? 1) * factor;
    return { ...x, throughput: { samplesPerSec: rate, ci: [rate * 0.975, rate * 1.025] as [number, number] } };
  });
}

describe('compareRuns', () => {
  it('finds no regression in an unchanged rerun', () => {
    const c = compareWithTemplate(templateCells());
    expect(c.regressed).to.equal(false);
    expect(states(c)).to.deep.equal({ original: 'pass', [P05]: 'pass', [P09]: 'pass' });
  });

  it('calls a cell whose predictions lose 3% accuracy regressed, and only that cell', () => {
    const c = compareWithTemplate(changed(P05, { wrong: rows(0, 150) }));
    expect(states(c)).to.deep.equal({ original: 'pass', [P05]: 'regressed', [P09]: 'pass' });
    const acc = cellOf(c, P05).metrics.find((m) => m.metric === 'accuracy')!;
    expect(acc.test).to.equal('mcnemar');
    expect(acc.change).to.be.closeTo(-0.03, 1e-12);
    // 30 rows right→wrong, none back: p = 2 · 0.5^30; BH over 3 tests multiplies the smallest by 3
    expect(acc.pValue).to.be.closeTo(2 * 0.5 ** 30, 1e-15);
    expect(acc.adjustedP).to.be.closeTo(3 * 2 * 0.5 ** 30, 1e-15);
  });

  it('calls a 10% slower speedup inside a wide CI noisy, not regressed', () => {
    const c = compareWithTemplate(changed(P09, { speedup: { value: 1.8, ci: [1.4, 2.2] }, throughput: TEMPLATE_P09_RATE }));
    expect(cellOf(c, P09).state).to.equal('noisy');
    expect(c.regressed).to.equal(false);
  });

  it('calls a 10% slower speedup with a tight CI regressed', () => {
    const c = compareWithTemplate(changed(P09, { speedup: { value: 1.8, ci: [1.78, 1.82] }, throughput: TEMPLATE_P09_RATE }));
    expect(cellOf(c, P09).state).to.equal('regressed');
    expect(
      cellOf(c, P09)
        .metrics.filter((m) => m.state === 'regressed')
        .map((m) => m.metric),
    ).to.deep.equal(['speedup']);
  });

  it('calls a 10% faster speedup inside a wide CI noisy, not improved', () => {
    const c = compareWithTemplate(changed(P09, { speedup: { value: 2.2, ci: [1.7, 2.7] }, throughput: TEMPLATE_P09_RATE }));
    expect(cellOf(c, P09).state).to.equal('noisy');
  });

  it('calls a significant accuracy gain beyond the tolerance improved', () => {
    const c = compareWithTemplate(changed(P05, { wrong: rows(0, 90) }));
    expect(cellOf(c, P05).state).to.equal('improved');
  });

  it('calls a speed drop noisy when the run flagged its timing noisy', () => {
    const cells = changed(P09, { speedup: { value: 1.5, ci: [1.49, 1.51] } });
    const cur = storedRun(cells);
    (cur.record.cells[2].speed as { noisy?: boolean }).noisy = true;
    const c = compareRuns(cur, storedRun(templateCells()), { tolerances: DEFAULT_COMPARE });
    expect(cellOf(c, P09).state).to.equal('noisy');
  });

  it('calls a larger artifact regressed', () => {
    const c = compareWithTemplate(changed(P05, { gzipBytes: 9100 }));
    expect(cellOf(c, P05).state).to.equal('regressed');
    expect(cellOf(c, P05).metrics.find((m) => m.metric === 'gzipBytes')!.state).to.equal('regressed');
  });

  it('calls a smaller artifact improved', () => {
    const c = compareWithTemplate(changed(P05, { gzipBytes: 8000 }));
    expect(cellOf(c, P05).state).to.equal('improved');
  });

  it('calls a cell of the baseline that the run lacks missing', () => {
    const c = compareWithTemplate(templateCells().filter((x) => x.id !== P09));
    expect(cellOf(c, P09).state).to.equal('missing');
    expect(c.regressed).to.equal(false);
  });

  it('calls a cell the baseline lacks new', () => {
    const c = compareWithTemplate([...templateCells(), { id: 'pruned[sparsity=0.7]', variant: 'pruned', wrong: rows(0, 200) }]);
    expect(cellOf(c, 'pruned[sparsity=0.7]').state).to.equal('new');
  });

  it('calls a cell that failed in the run regressed', () => {
    const c = compareWithTemplate(changed(P05, { status: 'failed' }));
    expect(cellOf(c, P05).state).to.equal('regressed');
  });

  it('keeps a drop that is significant on its own noisy once the false discovery rate is held across cells', () => {
    // 14 rows right→wrong and 4 back: exact McNemar p = 0.0309; BH over 3 tests: 0.0927
    const wrong = [...rows(4, 120), ...rows(500, 514)];
    const c = compareWithTemplate(changed(P05, { wrong }));
    const acc = cellOf(c, P05).metrics.find((m) => m.metric === 'accuracy')!;
    expect(acc.pValue).to.be.closeTo(0.0308837890625, 1e-12);
    expect(acc.adjustedP).to.be.closeTo(3 * 0.0308837890625, 1e-12);
    expect(cellOf(c, P05).state).to.equal('noisy');
  });

  it('calls the same drop regressed at a false discovery rate of 0.1', () => {
    const wrong = [...rows(4, 120), ...rows(500, 514)];
    const c = compareWithTemplate(changed(P05, { wrong }), {}, 0.1);
    expect(cellOf(c, P05).state).to.equal('regressed');
  });

  it('falls back to an unpaired two-proportion test when the test rows differ, and says so', () => {
    const c = compareWithTemplate(changed(P05, { wrong: rows(0, 150) }), { datasetHash: 'e'.repeat(64) });
    const acc = cellOf(c, P05).metrics.find((m) => m.metric === 'accuracy')!;
    expect(acc.test).to.equal('two-proportion');
    expect(acc.note).to.match(/test rows differ/);
    expect(c.notes.join(' ')).to.match(/dataset hash changed/);
  });

  it('compares throughput only between records of the same machine class', () => {
    const same = compareWithTemplate(templateCells());
    const other = compareWithTemplate(templateCells(), { cpu: 'Other CPU' });
    expect(cellOf(same, P05).metrics.map((m) => m.metric)).to.include('throughput');
    expect(cellOf(other, P05).metrics.map((m) => m.metric)).to.not.include('throughput');
    expect(other.sameMachineClass).to.equal(false);
  });

  it('compares throughput only between runs timed with the same number of workers', () => {
    const slower = templateCells().map((x) => {
      const rate = 280_000 * (x.speedup?.value ?? 1);
      return { ...x, throughput: { samplesPerSec: rate, ci: [rate * 0.99, rate * 1.01] as [number, number] } };
    });
    const base = storedRun(
      templateCells().map((x) => {
        const rate = 400_000 * (x.speedup?.value ?? 1);
        return { ...x, throughput: { samplesPerSec: rate, ci: [rate * 0.99, rate * 1.01] as [number, number] } };
      }),
    );
    const withWorkers = (run: StoredRun, workers: number): StoredRun => ({
      ...run,
      record: { ...run.record, run: { ...run.record.run, workers } },
    });
    const same = compareRuns(withWorkers(storedRun(slower), 1), withWorkers(base, 1), { tolerances: DEFAULT_COMPARE });
    expect(cellOf(same, 'original').metrics.find((m) => m.metric === 'throughput')!.state).to.equal('regressed');
    const differ = compareRuns(withWorkers(storedRun(slower), 2), withWorkers(base, 1), { tolerances: DEFAULT_COMPARE });
    expect(cellOf(differ, 'original').metrics.map((m) => m.metric)).to.not.include('throughput');
    expect(differ.sameMachineClass).to.equal(false);
    expect(differ.notes.join(' ')).to.match(/1 worker\(s\) in the baseline and 2 now.*--workers 1/);
    expect(differ.regressed).to.equal(false);
  });

  it('scales throughput by the calibration figure when both runs carry one', () => {
    // 20% less throughput everywhere on a machine calibrated 20% slower is no change
    const base = storedRun(templateCells(), { calibrationGflops: 25 });
    const c = compareRuns(storedRun(slowerEverywhere(0.8), { calibrationGflops: 20 }), base, { tolerances: DEFAULT_COMPARE });
    const t = cellOf(c, P05).metrics.find((m) => m.metric === 'throughput')!;
    expect(t.unit).to.equal('samples/s per GFLOP/s');
    expect(t.change).to.be.closeTo(0, 1e-12);
    expect(t.state).to.equal('pass');
  });

  it('calls a throughput drop regressed when the machine held steady', () => {
    const c = compareWithTemplate(slowerEverywhere(0.8));
    expect(cellOf(c, 'original').state).to.equal('regressed');
  });

  it('calls a throughput drop that shows only after calibration scaling noisy', () => {
    // same raw throughput; the second calibration read 20% high (a busy moment in the first)
    const base = storedRun(templateCells(), { calibrationGflops: 20 });
    const c = compareRuns(storedRun(templateCells(), { calibrationGflops: 25 }), base, { tolerances: DEFAULT_COMPARE });
    expect(cellOf(c, 'original').state).to.equal('noisy');
  });

  it("scales each cell's throughput by its own calibration when both cells carry one", () => {
    // the current run was 40% slower throughout (load), and each cell's probe saw it; the
    // run-level calibration at the end missed it (the load had passed)
    const calibrated = (cells: ReturnType<typeof templateCells>, g: number) => cells.map((x) => ({ ...x, calibrationGflops: g }));
    const base = storedRun(calibrated(templateCells(), 25), { calibrationGflops: 25 });
    const loaded = compareRuns(storedRun(calibrated(slowerEverywhere(0.6), 15), { calibrationGflops: 25 }), base, {
      tolerances: DEFAULT_COMPARE,
    });
    expect(states(loaded)).to.deep.equal({ original: 'pass', [P05]: 'pass', [P09]: 'pass' });
    expect(cellOf(loaded, 'original').metrics.find((m) => m.metric === 'throughput')!.change).to.be.closeTo(0, 1e-12);
    // the same drop while the probes ran at full speed is a real regression
    const real = compareRuns(storedRun(calibrated(slowerEverywhere(0.6), 25), { calibrationGflops: 25 }), base, {
      tolerances: DEFAULT_COMPARE,
    });
    expect(cellOf(real, 'original').state).to.equal('regressed');
    expect(cellOf(real, 'original').metrics.find((m) => m.metric === 'throughput')!.change).to.be.closeTo(-0.4, 1e-12);
  });

  it('leaves cells timed on another runtime out of the drift', () => {
    // the 0.9 cell's top-level speed is from onnxruntime (an integer ONNX variant): 5x the tfjs rate
    const run = storedRun(
      templateCells().map((x) => {
        const rate = 400_000 * (x.speedup?.value ?? 1) * (x.id === P09 ? 5 : 1);
        return { ...x, throughput: { samplesPerSec: rate, ci: [rate * 0.99, rate * 1.01] as [number, number] } };
      }),
    );
    expect(runDrift(run.record)).to.be.greaterThan(1);
    const record = {
      ...run.record,
      cells: run.record.cells.map((c) => (c.id === P09 ? { ...c, speedRuntime: 'onnxruntime' } : { ...c, speedRuntime: 'tfjs' })),
    };
    expect(runDrift(record)).to.be.closeTo(0, 1e-9);
  });

  it('widens the throughput bar to the drift of the reference across a run', () => {
    // the original's throughput implied by the 0.9 cell is 30% off the others': drift ±15% per run
    const drifting = (factor: number) =>
      templateCells().map((x) => {
        const rate = 400_000 * (x.speedup?.value ?? 1) * factor * (x.id === P09 ? 0.7 : 1);
        return { ...x, throughput: { samplesPerSec: rate, ci: [rate * 0.99, rate * 1.01] as [number, number] } };
      });
    expect(runDrift(storedRun(drifting(1)).record)).to.be.closeTo(0.15, 1e-9);
    const c = compareRuns(storedRun(drifting(0.85)), storedRun(drifting(1)), { tolerances: DEFAULT_COMPARE });
    expect(cellOf(c, 'original').metrics.find((m) => m.metric === 'throughput')!.state).to.equal('noisy');
  });

  it('refuses to compare runs of different suites', () => {
    expect(inputError(() => compareWithTemplate(templateCells(), { suite: 'other' }), 'compare-suite').message).to.match(
      /cannot be compared/,
    );
  });

  it('refuses to compare a quick run with a full baseline', () => {
    expect(inputError(() => compareWithTemplate(templateCells(), { quick: true }), 'compare-quick').message).to.match(/--quick run/);
  });
});
