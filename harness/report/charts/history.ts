import type { RunRecord } from '../../results/record.js';
import { okCells, primaryMetric, regressedCells } from '../cells.js';
import { metricLabel } from '../table.js';
import { LOSS_COLOUR, ORIGINAL_COLOUR, PALETTE, header, values, zoomParam, type ChartSpec } from './common.js';

/** One cell of one stored run, placed on the run's start time. */
export interface HistoryPoint {
  run: string;
  time: string;
  cell: string;
  value: number;
  speedup: number | null;
  href: string;
  regressed: boolean;
}

/** The points of the history chart: every ok cell of every run, oldest run first (cells seen in one run only are left out: they have no trend). */
export function historyPoints(
  runs: RunRecord[],
  hrefOf: (r: RunRecord) => string,
  regressedOf: (r: RunRecord) => Set<string> = regressedCells,
): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  const sorted = [...runs].sort((a, b) => a.run.startedAt.localeCompare(b.run.startedAt));
  for (const r of sorted) {
    const metric = primaryMetric(r);
    const regressed = regressedOf(r);
    for (const c of okCells(r)) {
      const q = c.quality?.[metric];
      if (!q) continue;
      out.push({
        run: r.run.id,
        time: r.run.startedAt,
        cell: c.id,
        value: q.value,
        speedup: c.reference || !c.speed ? null : c.speed.speedup.value,
        href: hrefOf(r),
        regressed: regressed.has(c.id),
      });
    }
  }
  const runsOf = new Map<string, Set<string>>();
  for (const p of out) runsOf.set(p.cell, (runsOf.get(p.cell) ?? new Set()).add(p.run));
  return out.filter((p) => runsOf.get(p.cell)!.size > 1);
}

/**
 * The runs a trend may join with `run`: same suite mode (quick runs with quick runs, full with
 * full, as `compare` pairs them), single shards of a sharded run left out.
 */
export function comparableRuns(runs: RunRecord[], run: RunRecord): RunRecord[] {
  const quick = Boolean(run.run.quick);
  return runs.filter((r) => Boolean(r.run.quick) === quick && !(r.run.shard && r.run.shard.count > 1));
}

const DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
];

/** Colour and dash of each series: the original black and solid, then palette colours, dashed once they repeat. */
export function seriesStyle(cells: string[]): { domain: string[]; colours: string[]; dashes: number[][] } {
  const domain = [...new Set(cells)].sort((a, b) => Number(b === 'original') - Number(a === 'original') || a.localeCompare(b));
  const others = domain.filter((c) => c !== 'original');
  const colours = domain.map((c) => (c === 'original' ? ORIGINAL_COLOUR : PALETTE[others.indexOf(c) % PALETTE.length]));
  const dashes = domain.map((c) => (c === 'original' ? DASHES[0] : DASHES[Math.floor(others.indexOf(c) / PALETTE.length) % DASHES.length]));
  return { domain, colours, dashes };
}

function panel(
  field: 'value' | 'speedup',
  title: string,
  format: string,
  zoom: string,
  style: ReturnType<typeof seriesStyle>,
  marks: boolean,
) {
  const x = { field: 'time', type: 'temporal' as const, title: 'run started (UTC)', axis: { format: '%Y-%m-%d %H:%M', labelAngle: -30 } };
  const y = { field, type: 'quantitative' as const, title, scale: { zero: false }, axis: { format } };
  const colour = {
    field: 'cell',
    type: 'nominal' as const,
    title: 'cell',
    scale: { domain: style.domain, range: style.colours },
    legend: { labelLimit: 360 },
  };
  const dash = { field: 'cell', type: 'nominal' as const, title: 'cell', scale: { domain: style.domain, range: style.dashes } };
  return {
    width: 520,
    height: 200,
    transform: [{ filter: `isValid(datum.${field})` }],
    layer: [
      { mark: { type: 'line' as const, strokeWidth: 1.8 }, encoding: { x, y, color: colour, strokeDash: dash } },
      {
        params: [zoomParam(zoom)],
        mark: { type: 'point' as const, filled: true, size: 45, cursor: 'pointer' as const },
        encoding: {
          x,
          y,
          color: colour,
          href: { field: 'href' },
          tooltip: [
            { field: 'run', type: 'nominal' as const },
            { field: 'cell', type: 'nominal' as const },
            { field, type: 'quantitative' as const, title, format },
            { field: 'regressed', type: 'nominal' as const, title: 'regression' },
          ],
        },
      },
      // Regression crosses only when there are some: an empty layer has no extent to draw.
      ...(marks
        ? [
            {
              transform: [{ filter: 'datum.regressed' }, { calculate: "'regression'", as: 'flag' }],
              mark: { type: 'point' as const, shape: 'cross', size: 260, filled: true, color: LOSS_COLOUR, opacity: 0.9 },
              encoding: {
                x,
                y,
                href: { field: 'href' },
                shape: { field: 'flag', type: 'nominal' as const, title: null, scale: { range: ['cross'] } },
              },
            },
          ]
        : []),
    ],
  };
}

/**
 * Trend lines across stored runs of one suite: the primary metric of every cell and the speedup
 * of every variant over run time; crosses mark regressed cells (`regressedOf`, by default the
 * marks the record itself carries), and every point links to its run's page.
 */
export function historyChart(
  runs: RunRecord[],
  hrefOf: (r: RunRecord) => string,
  regressedOf: (r: RunRecord) => Set<string> = regressedCells,
): ChartSpec | null {
  if (new Set(runs.map((r) => r.run.id)).size < 2) return null;
  const points = historyPoints(runs, hrefOf, regressedOf);
  if (points.length === 0) return null;
  const metric = metricLabel(primaryMetric(runs[runs.length - 1]));
  const withSpeed = points.some((p) => p.speedup !== null);
  const style = seriesStyle(points.map((p) => p.cell));
  const marks = points.some((p) => p.regressed);
  return {
    ...header(
      `History: ${metric}${withSpeed ? ' and speedup' : ''} across runs`,
      `Test ${metric}${withSpeed ? ' and speedup' : ''} of every cell in each stored run of this suite, by run start time; each point links to its run's page${points.some((p) => p.regressed) ? ', crosses mark regressions' : ''}.`,
    ),
    data: values(points),
    vconcat: [
      panel('value', `test ${metric}`, '.1%', 'history_zoom_value', style, marks),
      ...(withSpeed
        ? [
            panel(
              'speedup',
              'speedup',
              '.2f',
              'history_zoom_speedup',
              style,
              marks && points.some((p) => p.regressed && p.speedup !== null),
            ),
          ]
        : []),
    ],
    resolve: { scale: { color: 'shared', strokeDash: 'shared' } },
  };
}
