import type { RunRecord } from '../results/record.js';
import type { CompareSettings } from './settings.js';

/** How a cell ended, compared with the baseline. */
export type CellState = 'pass' | 'improved' | 'regressed' | 'noisy' | 'new' | 'missing';

/** How one metric of a cell ended; `skipped` when it cannot be compared (other machine, no data). */
export type MetricState = 'pass' | 'improved' | 'regressed' | 'noisy' | 'skipped';

/** A run record together with the file it was read from (relative files resolve against it). */
export interface StoredRun {
  path: string;
  record: RunRecord;
}

/** One metric of one cell, baseline against current. */
export interface MetricComparison {
  /** `accuracy`, `artifactBytes`, `gzipBytes`, `speedup` or `throughput`. */
  metric: string;
  kind: 'quality' | 'size' | 'speed';
  better: 'higher' | 'lower';
  unit: string;
  baseline: number;
  current: number;
  baselineCi?: [number, number];
  currentCi?: [number, number];
  /** current − baseline for quality (fraction), current / baseline − 1 for size and speed. */
  change: number;
  /** The smallest |change| in the bad direction that counts: the tolerance, widened to the CI for speed. */
  threshold: number;
  /** Quality: the significance test and its p-values. */
  test?: 'mcnemar' | 'two-proportion';
  pValue?: number;
  /** Benjamini–Hochberg adjusted p-value across every cell's quality test. */
  adjustedP?: number;
  state: MetricState;
  note?: string;
}

/** One cell of the suite, baseline against current. */
export interface CellComparison {
  id: string;
  variant: string;
  reference: boolean;
  state: CellState;
  metrics: MetricComparison[];
  notes: string[];
  /** Set by `--confirm`: whether a rerun reproduced the regression. */
  confirmed?: boolean;
}

/** The verdict of `slimbench compare`. */
export interface Comparison {
  suite: string;
  current: { id: string; path: string; startedAt: string; gitSha: string | null };
  baseline: { id: string; path: string; startedAt: string; gitSha: string | null };
  tolerances: CompareSettings & { source: string };
  /** False-discovery-rate control of the quality tests. */
  fdr: { q: number; tests: number; significant: number };
  /** Whether absolute throughput was compared (same cpu model and backend, and the same worker count when both runs record it). */
  sameMachineClass: boolean;
  notes: string[];
  cells: CellComparison[];
  counts: Record<CellState, number>;
  /** True when any cell is `regressed` (exit code 1). */
  regressed: boolean;
}

/** Options of a comparison. */
export interface CompareOptions {
  tolerances: CompareSettings;
  /** Where the tolerances came from (shown in the output). */
  toleranceSource?: string;
  /** False discovery rate of the quality tests (default 0.05). */
  fdr?: number;
}

/** Every cell state, in the order outputs list them. */
export const CELL_STATES: readonly CellState[] = ['regressed', 'noisy', 'missing', 'new', 'improved', 'pass'];
