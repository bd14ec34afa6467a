import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareRuns } from '../../harness/compare/compare.js';
import { DEFAULT_COMPARE } from '../../harness/compare/settings.js';
import type { CellComparison, Comparison, StoredRun } from '../../harness/compare/types.js';
import { readRecord } from '../../harness/results/store.js';
import { templateCells, writeRun, type CellSpec, type RecordSpec } from '../fixtures/records/template.js';

/** A fresh temporary folder. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'slimbench-compare-'));
}

/** Writes crafted cells as a stored run (record + predictions files) and reads it back. */
export function storedRun(cells: CellSpec[], spec: RecordSpec = {}, dir = tempDir()): StoredRun {
  const path = writeRun(dir, cells, { runId: spec.runId ?? `run-${Math.random().toString(16).slice(2, 8)}`, ...spec });
  return { path, record: readRecord(path) };
}

/** The template cells with one cell changed. */
export function changed(id: string, change: Partial<CellSpec>): CellSpec[] {
  return templateCells().map((c) => (c.id === id ? { ...c, ...change } : c));
}

/** Compares crafted current cells with the unchanged template as baseline, with default tolerances. */
export function compareWithTemplate(cells: CellSpec[], spec: RecordSpec = {}, fdr?: number): Comparison {
  return compareRuns(storedRun(cells, spec), storedRun(templateCells()), { tolerances: DEFAULT_COMPARE, fdr });
}

/** The comparison of one cell. */
export function cellOf(c: Comparison, id: string): CellComparison {
  const cell = c.cells.find((x) => x.id === id);
  if (!cell) throw new Error(`no cell ${id}`);
  return cell;
}

/** Each cell's state by id. */
export function states(c: Comparison): Record<string, string> {
  return Object.fromEntries(c.cells.map((x) => [x.id, x.state]));
}
