import type { RunRecord } from '../../results/record.js';
import { okCells, pointLabel } from '../cells.js';
import { header, values, type ChartSpec } from './common.js';
import { speedOutcome, type SpeedOutcome } from './speedup.js';

/** One (runtime, variant cell) point: the variant's speedup over the original on that runtime. */
export interface RuntimeSpeedupPoint {
  runtime: string;
  label: string;
  speedup: number;
  lo: number;
  hi: number;
  outcome: SpeedOutcome;
}

/** Every ok variant cell's speedup on every runtime that ran it. */
export function runtimeSpeedupPoints(record: RunRecord): RuntimeSpeedupPoint[] {
  const out: RuntimeSpeedupPoint[] = [];
  for (const c of okCells(record)) {
    if (c.reference) continue;
    for (const [runtime, r] of Object.entries(c.runtimes ?? {})) {
      const s = r.status === 'ok' ? r.speed?.speedup : undefined;
      if (s) out.push({ runtime, label: pointLabel(c), speedup: s.value, lo: s.ci[0], hi: s.ci[1], outcome: speedOutcome(s.ci) });
    }
  }
  return out;
}

/**
 * Runtime × variant: each variant's speedup over the original on each runtime (both timed there,
 * interleaved), with its interval and a rule at 1. Absent when no cell was timed on a runtime
 * besides the default.
 */
export function runtimeSpeedupChart(record: RunRecord): ChartSpec | null {
  const points = runtimeSpeedupPoints(record);
  if (points.length === 0) return null;
  const runtimes = [...new Set(points.map((p) => p.runtime))];
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: null };
  const offset = { field: 'runtime', type: 'nominal' as const, sort: runtimes };
  const colour = { field: 'runtime', type: 'nominal' as const, title: 'runtime', sort: runtimes };
  return {
    ...header(
      'Speedup per runtime',
      'Speedup of each variant over the original on each runtime, both timed on that runtime in the same interleaved rounds, with its confidence interval. The rule marks speedup 1. Integer ONNX variants run only on the onnxruntime runtimes.',
    ),
    width: 520,
    data: values(points),
    encoding: { y, yOffset: offset },
    layer: [
      { mark: { type: 'rule', color: '#555', strokeDash: [4, 3] }, encoding: { x: { datum: 1, type: 'quantitative' } } },
      {
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' }, color: colour },
      },
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x: {
            field: 'speedup',
            type: 'quantitative',
            title: 'speedup over the original on the same runtime (log scale)',
            scale: { type: 'log' },
          },
          color: colour,
          shape: {
            field: 'outcome',
            type: 'nominal',
            title: 'speed',
            scale: { domain: ['faster', 'no clear change', 'slower'], range: ['triangle-right', 'circle', 'triangle-left'] },
          },
          tooltip: [
            { field: 'label', type: 'nominal', title: 'cell' },
            { field: 'runtime', type: 'nominal' },
            { field: 'speedup', type: 'quantitative', format: '.3f' },
            { field: 'lo', type: 'quantitative', title: 'CI low', format: '.3f' },
            { field: 'hi', type: 'quantitative', title: 'CI high', format: '.3f' },
          ],
        },
      },
    ],
  };
}
