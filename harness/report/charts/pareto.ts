import type { RunRecord } from '../../results/record.js';
import { okCells, pointLabel, primaryMetric } from '../cells.js';
import { metricLabel } from '../table.js';
import { header, values, variantScale, zoomParam, type ChartSpec } from './common.js';

/** One measured cell on the quality-vs-size plane. */
export interface ParetoPoint {
  label: string;
  variant: string;
  seed: number;
  value: number;
  lo: number;
  hi: number;
  gzipBytes: number;
  /** `original`, `Pareto frontier` or `dominated`. */
  role: 'original' | 'Pareto frontier' | 'dominated';
}

/**
 * Marks the points no other point beats on both axes (smaller or equal size and higher or
 * equal quality, one strictly): the Pareto frontier.
 */
export function paretoFrontier<T extends { size: number; value: number }>(points: T[]): Set<T> {
  const sorted = [...points].sort((a, b) => a.size - b.size || b.value - a.value);
  const out = new Set<T>();
  let best = -Infinity;
  for (const p of sorted) {
    if (p.value > best) {
      out.add(p);
      best = p.value;
    }
  }
  return out;
}

/** The points of the Pareto chart: every ok cell with a quality value and a size. */
export function paretoPoints(record: RunRecord): ParetoPoint[] {
  const metric = primaryMetric(record);
  const cells = okCells(record).filter((c) => c.quality?.[metric] && c.size && c.size.gzipBytes > 0);
  const raw = cells.map((c) => ({ c, size: c.size!.gzipBytes, value: c.quality![metric].value }));
  const frontier = paretoFrontier(raw);
  return raw.map(({ c, size, value }) => ({
    label: pointLabel(c),
    variant: c.variant,
    seed: c.seed,
    value,
    lo: c.quality![metric].ci[0],
    hi: c.quality![metric].ci[1],
    gzipBytes: size,
    role: c.reference ? 'original' : frontier.has(raw.find((r) => r.c === c)!) ? 'Pareto frontier' : 'dominated',
  }));
}

/**
 * Quality against gzip size (log axis), one point per cell with its interval; the Pareto frontier
 * is drawn as a dashed line and its points labelled; the original is a black square.
 */
export function paretoChart(record: RunRecord): ChartSpec | null {
  const points = paretoPoints(record);
  if (points.length < 2) return null;
  const metric = metricLabel(primaryMetric(record));
  const colour = { field: 'variant', type: 'nominal' as const, title: 'variant', scale: variantScale(points.map((p) => p.variant)) };
  const x = {
    field: 'gzipBytes',
    type: 'quantitative' as const,
    scale: { type: 'log' as const, nice: false, padding: 20 },
    title: 'model size: gzip bytes (log scale)',
    axis: { format: '~s' },
  };
  return {
    ...header(
      `${metric.charAt(0).toUpperCase()}${metric.slice(1)} vs size`,
      `Test ${metric} with its confidence interval against gzip bytes of the model files (log scale), one point per cell. The dashed line joins the Pareto frontier: no other cell is both smaller and more accurate.`,
    ),
    width: 520,
    height: 320,
    data: values(points),
    layer: [
      {
        transform: [{ filter: "datum.role !== 'dominated'" }],
        mark: { type: 'line', strokeDash: [5, 4], color: '#777', interpolate: 'step-after' },
        encoding: { x, y: { field: 'value', type: 'quantitative' }, order: { field: 'gzipBytes', type: 'quantitative' } },
      },
      {
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: colour },
      },
      {
        params: [zoomParam('pareto_zoom')],
        mark: { type: 'point', filled: true, size: 90, opacity: 0.95, stroke: 'white', strokeWidth: 0.8 },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: `test ${metric}`, scale: { zero: false }, axis: { format: '.1%' } },
          color: colour,
          shape: {
            field: 'role',
            type: 'nominal',
            title: 'point',
            scale: { domain: ['original', 'Pareto frontier', 'dominated'], range: ['square', 'diamond', 'circle'] },
          },
          tooltip: [
            { field: 'label', type: 'nominal', title: 'cell' },
            { field: 'seed', type: 'quantitative' },
            { field: 'value', type: 'quantitative', title: metric, format: '.2%' },
            { field: 'lo', type: 'quantitative', title: 'CI low', format: '.2%' },
            { field: 'hi', type: 'quantitative', title: 'CI high', format: '.2%' },
            { field: 'gzipBytes', type: 'quantitative', title: 'gzip bytes', format: ',' },
            { field: 'role', type: 'nominal', title: 'point' },
          ],
        },
      },
      {
        transform: [{ filter: "datum.role === 'Pareto frontier'" }],
        mark: { type: 'text', align: 'left', dx: 8, dy: -8, fontSize: 10, color: '#333' },
        encoding: { x, y: { field: 'value', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
      },
      {
        transform: [{ filter: "datum.role === 'original'" }],
        mark: { type: 'text', align: 'right', dx: -10, dy: -8, fontSize: 10, fontWeight: 'bold', color: '#000' },
        encoding: { x, y: { field: 'value', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
      },
    ],
  };
}
