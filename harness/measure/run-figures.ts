import { calibrateMatmul } from '../engine/calibrate.js';
import type { RunRecord } from '../results/record.js';
import { aggregateSeeds } from './aggregate.js';
import { writeLabels } from '../results/predictions.js';

/** What {@link addRunFigures} needs besides the record. */
export interface RunFigureInputs {
  /** Folder the run record is written to (`<out>/<suite>`); the labels file goes beside it. */
  recordDir: string;
  /** Test labels, one class index per test row (absent for label-free data: no labels file is written). */
  labels?: Int32Array;
  classes: number;
  /** Confidence level of the intervals over seeds (suite `measure.ciLevel`). */
  ciLevel: number;
  /** Skip the ~0.3 s matmul calibration (tests). */
  calibrate?: boolean;
}

/**
 * Adds the run-level measurement figures to a finished record, in place: `dataset.labels` (the
 * test labels as a content-addressed file, so stored predictions can be re-scored),
 * `aggregates` (mean, sd and CI over seeds, when cells of more than one seed succeeded) and
 * `env.calibrationGflops` (a square float32 matmul measured now, on this machine and backend).
 */
export function addRunFigures(record: RunRecord, inputs: RunFigureInputs): void {
  if (inputs.labels && record.dataset) record.dataset.labels = writeLabels(inputs.recordDir, inputs.classes, inputs.labels);
  const seeds = new Set(record.cells.filter((c) => c.status === 'ok').map((c) => c.seed));
  if (seeds.size > 1) record.aggregates = aggregateSeeds(record.cells, inputs.ciLevel);
  if (inputs.calibrate !== false) record.env.calibrationGflops = calibrateMatmul().gflops;
}
