import type { RunRecord } from '../../results/record.js';
import { deltaOf, okCells, originalOf, primaryMetric, sensitivityLayer, settingsLabel } from '../cells.js';
import { metricLabel } from '../table.js';
import { header, values, type ChartSpec } from './common.js';

/** One sensitivity cell: a layer compressed alone at one level, and what it cost. */
export interface SensitivityPoint {
  layer: string;
  /** The other settings of the cell (e.g. `sparsity=0.9`), or the variant name when none. */
  level: string;
  cell: string;
  /** Change of the primary metric against the original, in percentage points. */
  deltaPts: number;
  value: number;
}

/** The points of the sensitivity heatmap: ok cells that compressed one layer (or a named few). */
export function sensitivityPoints(record: RunRecord): SensitivityPoint[] {
  const metric = primaryMetric(record);
  const out: SensitivityPoint[] = [];
  for (const c of okCells(record)) {
    const layer = c.reference ? undefined : sensitivityLayer(c);
    const d = layer ? deltaOf(c, originalOf(record, c), metric) : undefined;
    if (!layer || !d) continue;
    const rest = settingsLabel(c.settings, ['layers']);
    out.push({ layer, level: rest || c.variant, cell: c.id, deltaPts: d.value * 100, value: c.quality![metric].value });
  }
  return out;
}

/**
 * Per-layer sensitivity: one column per layer, one row per compression level, each square
 * coloured by the change of the primary metric when only that layer is compressed.
 */
export function sensitivityChart(record: RunRecord): ChartSpec | null {
  const points = sensitivityPoints(record);
  if (points.length === 0) return null;
  const metric = metricLabel(primaryMetric(record));
  const layers = [...new Set(points.map((p) => p.layer))];
  const levels = [...new Set(points.map((p) => p.level))];
  const worst = Math.max(0.1, ...points.map((p) => Math.abs(p.deltaPts)));
  const x = {
    field: 'layer',
    type: 'nominal' as const,
    sort: layers,
    title: 'layer compressed alone',
    axis: { labelAngle: -30, labelLimit: 160 },
  };
  const y = { field: 'level', type: 'ordinal' as const, sort: levels, title: 'setting' };
  return {
    ...header(
      `Per-layer sensitivity (${metric})`,
      `Change of test ${metric} in percentage points when only one layer is compressed, for each layer and setting. Darker orange: a larger loss.`,
    ),
    width: { step: Math.max(36, Math.min(70, 520 / layers.length)) },
    height: { step: 32 },
    data: values(points),
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          x,
          y,
          color: {
            field: 'deltaPts',
            type: 'quantitative',
            title: `Δ ${metric} (pts)`,
            scale: { scheme: 'blueorange', reverse: true, domain: [-worst, worst], domainMid: 0 },
          },
          tooltip: [
            { field: 'cell', type: 'nominal' },
            { field: 'layer', type: 'nominal' },
            { field: 'level', type: 'nominal', title: 'setting' },
            { field: 'deltaPts', type: 'quantitative', title: `Δ ${metric} (pts)`, format: '+.2f' },
            { field: 'value', type: 'quantitative', title: metric, format: '.2%' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          x,
          y,
          text: { field: 'deltaPts', type: 'quantitative', format: '+.1f' },
          color: { condition: { test: `abs(datum.deltaPts) > ${worst * 0.6}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}
