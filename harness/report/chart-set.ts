import type { CellRecord, RunRecord } from '../results/record.js';
import { okCells, primaryMetric } from './cells.js';
import { classF1Chart } from './charts/class-f1.js';
import type { ChartSpec } from './charts/common.js';
import { confusionChart } from './charts/confusion.js';
import { historyChart } from './charts/history.js';
import { paretoChart } from './charts/pareto.js';
import { sensitivityChart } from './charts/sensitivity.js';
import { runtimeSpeedupChart } from './charts/runtime-speedup.js';
import { speedupChart } from './charts/speedup.js';
import { sweepChart, sweptMethods } from './charts/sweep.js';
import { renderSvg } from './render-svg.js';
import { verdict } from './verdict.js';

/** A chart of a page: a stable id, its spec, and (once rendered) its SVG. */
export interface ChartEntry {
  id: string;
  spec: ChartSpec;
}

/** A chart ready for a page: SVG for reading and printing, the spec as safe JSON for interactive mode. */
export interface RenderedChart {
  id: string;
  title: string;
  description: string;
  svg: string;
  specJson: string;
  warnings: string[];
}

/**
 * The variant the confusion and per-class charts show: the verdict's point (the most compressed
 * that keeps the original's quality, else the closest), else the most accurate variant.
 */
export function chosenVariant(record: RunRecord): CellRecord | undefined {
  const v = verdict(record);
  if (v.point) return v.point.cells[0];
  const metric = primaryMetric(record);
  const variants = okCells(record).filter((c) => !c.reference && c.quality?.[metric]);
  return variants.sort((a, b) => b.quality![metric].value - a.quality![metric].value)[0];
}

/** Every chart of a run's page that has data, in reading order. */
export function runCharts(
  record: RunRecord,
  history: RunRecord[],
  hrefOf: (r: RunRecord) => string,
  regressedOf?: (r: RunRecord) => Set<string>,
): ChartEntry[] {
  const chosen = chosenVariant(record);
  const candidates: [string, ChartSpec | null][] = [
    ['pareto', paretoChart(record)],
    ['speedup', speedupChart(record)],
    ['runtime-speedup', runtimeSpeedupChart(record)],
    ...sweptMethods(record).map((m, i): [string, ChartSpec | null] => [`sweep-${i}`, sweepChart(record, m)]),
    ['sensitivity', sensitivityChart(record)],
    ['confusion', confusionChart(record, chosen)],
    ['class-f1', classF1Chart(record, chosen)],
    ['history', historyChart(history, hrefOf, regressedOf)],
  ];
  return candidates.filter((c): c is [string, ChartSpec] => c[1] !== null).map(([id, spec]) => ({ id, spec }));
}

/** JSON that is safe inside a `<script type="application/json">` element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Renders charts to inline SVG, with ids unique on the page under `prefix`. */
export async function renderCharts(entries: ChartEntry[], prefix = 'c'): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const { id, spec } of entries) {
    const domId = `${prefix}-${id}`;
    const { svg, warnings } = await renderSvg(spec, { id: domId, title: spec.title, description: spec.description });
    out.push({ id: domId, title: spec.title, description: spec.description, svg, specJson: scriptJson(spec), warnings });
  }
  return out;
}
