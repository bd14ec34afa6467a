import type { CellRecord, RunRecord } from '../../results/record.js';
import { okCells, primaryMetric, sensitivityLayer, settingsLabel } from '../cells.js';
import { metricLabel } from '../table.js';
import { PALETTE, header, values, variantScale, wantsLog, zoomParam, type ChartSpec } from './common.js';

/** One cell of a sweep: its swept setting's value and its quality with the interval. */
export interface SweepPoint {
  variant: string;
  /** The variant and its other settings: one line per series. */
  series: string;
  seed: number;
  x: number | string;
  value: number;
  lo: number;
  hi: number;
}

/** The setting that varies across a method's cells (the first, when several do). */
export function sweptSetting(cells: CellRecord[]): string | undefined {
  const keys = [...new Set(cells.flatMap((c) => Object.keys(c.settings)))].filter((k) => k !== 'layers');
  const varies = (k: string) => new Set(cells.map((c) => JSON.stringify(c.settings[k]))).size > 1;
  const scalar = (k: string) => cells.every((c) => ['number', 'string', 'boolean'].includes(typeof c.settings[k]));
  return (
    keys.find((k) => varies(k) && scalar(k) && cells.every((c) => typeof c.settings[k] === 'number')) ??
    keys.find((k) => varies(k) && scalar(k))
  );
}

/** The methods of a run that were swept (their cells differ in a setting), in run order. */
export function sweptMethods(record: RunRecord): string[] {
  const methods = [
    ...new Set(
      okCells(record)
        .filter((c) => !c.reference)
        .map((c) => c.method),
    ),
  ];
  return methods.filter((m) => sweptSetting(sweepCells(record, m)) !== undefined);
}

function sweepCells(record: RunRecord, method: string): CellRecord[] {
  const metric = primaryMetric(record);
  return okCells(record).filter((c) => !c.reference && c.method === method && c.quality?.[metric] && sensitivityLayer(c) === undefined);
}

/** The points of one method's sweep chart. */
export function sweepPoints(record: RunRecord, method: string): { setting: string; points: SweepPoint[] } | null {
  const cells = sweepCells(record, method);
  const setting = sweptSetting(cells);
  if (!setting) return null;
  const metric = primaryMetric(record);
  // Series differ in the other settings that vary; fixed settings would only repeat on every label.
  const fixedKeys = Object.keys(cells[0].settings).filter((k) => new Set(cells.map((c) => JSON.stringify(c.settings[k]))).size === 1);
  const points = cells.map((c) => {
    const rest = settingsLabel(c.settings, [setting, 'layers', ...fixedKeys]);
    const q = c.quality![metric];
    return {
      variant: c.variant,
      series: rest ? `${c.variant} (${rest})` : c.variant,
      seed: c.seed,
      x: c.settings[setting] as number | string,
      value: q.value,
      lo: q.ci[0],
      hi: q.ci[1],
    };
  });
  return { setting, points };
}

/**
 * Quality against the swept setting of one method: a line per series with its interval as a
 * band, the original's value as a horizontal rule.
 */
export function sweepChart(record: RunRecord, method: string): ChartSpec | null {
  const sweep = sweepPoints(record, method);
  if (!sweep) return null;
  const { setting, points } = sweep;
  const metricKey = primaryMetric(record);
  const metric = metricLabel(metricKey);
  const numeric = points.every((p) => typeof p.x === 'number');
  const x = numeric
    ? {
        field: 'x',
        type: 'quantitative' as const,
        title: setting,
        scale: { zero: false, ...(wantsLog(points.map((p) => p.x as number)) ? { type: 'log' as const } : {}) },
      }
    : { field: 'x', type: 'ordinal' as const, title: setting, sort: [...new Set(points.map((p) => String(p.x)))] };
  const originals = [
    ...new Set(
      okCells(record)
        .filter((c) => c.reference && c.quality?.[metricKey])
        .map((c) => c.quality![metricKey].value),
    ),
  ];
  const originalRow = originals.length ? [{ original: originals.reduce((a, b) => a + b, 0) / originals.length }] : [];
  const series = [...new Set(points.map((p) => p.series))];
  const variants = [...new Set(points.map((p) => p.variant))];
  const sameAsVariants = series.length === variants.length && series.every((s) => variants.includes(s));
  const colour = {
    field: 'series',
    type: 'nominal' as const,
    title: 'variant',
    scale: sameAsVariants ? variantScale(variants) : { domain: series, range: series.map((_, i) => PALETTE[i % PALETTE.length]) },
  };
  return {
    ...header(
      `${method}: ${metric} vs ${setting}`,
      `Test ${metric} of the ${method} variants at each ${setting}, with the confidence interval as a band; the horizontal rule is the original model's ${metric}.`,
    ),
    width: 460,
    height: 260,
    layer: [
      {
        data: values(points),
        layer: [
          {
            mark: { type: 'area', opacity: 0.18 },
            encoding: {
              x,
              y: { field: 'lo', type: 'quantitative' },
              y2: { field: 'hi' },
              color: { ...colour, legend: null },
              detail: { field: 'seed', type: 'nominal' },
            },
          },
          {
            mark: { type: 'line', strokeWidth: 2 },
            encoding: { x, y: { field: 'value', type: 'quantitative' }, color: colour, detail: { field: 'seed', type: 'nominal' } },
          },
          {
            params: [zoomParam(`sweep_zoom_${method.replace(/[^A-Za-z0-9_]/g, '_')}`)],
            mark: { type: 'point', filled: true, size: 50 },
            encoding: {
              x,
              y: { field: 'value', type: 'quantitative', title: `test ${metric}`, scale: { zero: false }, axis: { format: '.1%' } },
              color: colour,
              tooltip: [
                { field: 'series', type: 'nominal', title: 'variant' },
                { field: 'x', title: setting },
                { field: 'seed', type: 'quantitative' },
                { field: 'value', type: 'quantitative', title: metric, format: '.2%' },
                { field: 'lo', type: 'quantitative', title: 'CI low', format: '.2%' },
                { field: 'hi', type: 'quantitative', title: 'CI high', format: '.2%' },
              ],
            },
          },
        ],
      },
      ...(originalRow.length
        ? [
            {
              data: values(originalRow),
              layer: [
                {
                  mark: { type: 'rule' as const, color: '#000', strokeDash: [6, 3] },
                  encoding: { y: { field: 'original', type: 'quantitative' as const } },
                },
                {
                  mark: {
                    type: 'text' as const,
                    align: 'right' as const,
                    baseline: 'bottom' as const,
                    dy: -3,
                    x: 'width' as const,
                    color: '#000',
                    fontSize: 10,
                  },
                  encoding: { y: { field: 'original', type: 'quantitative' as const }, text: { value: 'original' } },
                },
              ],
            },
          ]
        : []),
    ],
  };
}
