import type { RunRecord } from '../../results/record.js';
import { gzipRatio, okCells, originalOf, pointLabel } from '../cells.js';
import { header, values, variantScale, zoomParam, type ChartSpec } from './common.js';

/** What a smaller model bought in speed, judged by the speedup's interval. */
export type SpeedOutcome = 'faster' | 'no clear change' | 'slower';

/** One variant cell on the speedup-vs-compression plane. */
export interface SpeedupPoint {
  label: string;
  variant: string;
  seed: number;
  ratio: number;
  speedup: number;
  lo: number;
  hi: number;
  outcome: SpeedOutcome;
  /** Labelled in the chart: faster or slower points, and each variant's most compressed one. */
  labelled: boolean;
}

/** Faster when the whole interval is above 1, slower when below, otherwise no clear change. */
export function speedOutcome(ci: [number, number]): SpeedOutcome {
  return ci[0] > 1 ? 'faster' : ci[1] < 1 ? 'slower' : 'no clear change';
}

/** The points of the speedup chart: every ok variant cell with a speedup and a gzip ratio. */
export function speedupPoints(record: RunRecord): SpeedupPoint[] {
  const out: SpeedupPoint[] = [];
  for (const c of okCells(record)) {
    const ratio = gzipRatio(c, originalOf(record, c));
    const s = c.speed?.speedup;
    if (c.reference || !s || ratio === undefined) continue;
    out.push({
      label: pointLabel(c),
      variant: c.variant,
      seed: c.seed,
      ratio,
      speedup: s.value,
      lo: s.ci[0],
      hi: s.ci[1],
      outcome: speedOutcome(s.ci),
      labelled: false,
    });
  }
  const top = new Map<string, SpeedupPoint>();
  for (const p of out) if ((top.get(p.variant)?.ratio ?? -1) < p.ratio) top.set(p.variant, p);
  for (const p of out) p.labelled = p.outcome !== 'no clear change' || top.get(p.variant) === p;
  return out;
}

/**
 * Speedup (with its interval) against the compression ratio in gzip bytes, with a rule at
 * speedup 1: points on or under it are smaller models that bought no speed.
 */
export function speedupChart(record: RunRecord): ChartSpec | null {
  const points = speedupPoints(record);
  if (points.length === 0) return null;
  const colour = { field: 'variant', type: 'nominal' as const, title: 'variant', scale: variantScale(points.map((p) => p.variant)) };
  const x = {
    field: 'ratio',
    type: 'quantitative' as const,
    scale: { type: 'log' as const, domainMin: 1, nice: false, padding: 16 },
    title: 'compression ratio: original gzip bytes / variant gzip bytes (log scale)',
  };
  return {
    ...header(
      'Speedup vs compression',
      'Speedup of each variant over the original (timed interleaved, with its confidence interval) against how much smaller its gzipped files are. The rule marks speedup 1: points on or under it bought no speed with their smaller size.',
    ),
    width: 520,
    height: 300,
    data: values(points),
    layer: [
      {
        mark: { type: 'rule', color: '#555', strokeDash: [4, 3] },
        encoding: { y: { datum: 1, type: 'quantitative' } },
      },
      {
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'top',
          dy: 3,
          x: 4,
          color: '#555',
          fontSize: 10,
          text: 'speedup 1: no faster than the original',
        },
        encoding: { y: { datum: 1, type: 'quantitative' } },
      },
      {
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: colour },
      },
      {
        params: [zoomParam('speedup_zoom')],
        mark: { type: 'point', filled: true, size: 90, stroke: 'white', strokeWidth: 0.8 },
        encoding: {
          x,
          y: {
            field: 'speedup',
            type: 'quantitative',
            title: 'speedup (original time / variant time)',
            scale: { zero: false, padding: 16 },
          },
          color: colour,
          shape: {
            field: 'outcome',
            type: 'nominal',
            title: 'speed',
            scale: { domain: ['faster', 'no clear change', 'slower'], range: ['triangle-up', 'circle', 'triangle-down'] },
          },
          tooltip: [
            { field: 'label', type: 'nominal', title: 'cell' },
            { field: 'ratio', type: 'quantitative', title: 'gzip ratio', format: '.2f' },
            { field: 'speedup', type: 'quantitative', format: '.3f' },
            { field: 'lo', type: 'quantitative', title: 'CI low', format: '.3f' },
            { field: 'hi', type: 'quantitative', title: 'CI high', format: '.3f' },
            { field: 'outcome', type: 'nominal', title: 'speed' },
          ],
        },
      },
      {
        transform: [{ filter: 'datum.labelled' }],
        mark: { type: 'text', align: 'left', dx: 8, dy: -6, fontSize: 10, color: '#333' },
        encoding: { x, y: { field: 'speedup', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
      },
    ],
  };
}
