import type { TopLevelSpec } from 'vega-lite';
import type { RunRecord } from '../results/record.js';

/** Colour-blind-safe palette (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

/** One point per ok cell: accuracy and artifact size. */
export interface SizePoint {
  cell: string;
  variant: string;
  accuracy: number;
  lo: number;
  hi: number;
  bytes: number;
  reference: boolean;
}

/** The accuracy-vs-size points of a run. */
export function sizePoints(record: RunRecord): SizePoint[] {
  return record.cells
    .filter((c) => c.status === 'ok' && c.quality?.accuracy && c.size)
    .map((c) => ({
      cell: c.id,
      variant: c.variant,
      accuracy: c.quality!.accuracy.value,
      lo: c.quality!.accuracy.ci[0],
      hi: c.quality!.accuracy.ci[1],
      bytes: c.size!.artifactBytes,
      reference: c.reference,
    }));
}

/** Accuracy (with CI bars) against artifact bytes on a log axis; the original is highlighted. */
export function accuracyVsSize(record: RunRecord): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Accuracy vs artifact size',
    description: 'Test accuracy with its confidence interval against artifact bytes (log scale), one point per cell.',
    width: 480,
    height: 300,
    data: { values: sizePoints(record) as unknown as Record<string, unknown>[] },
    encoding: {
      x: { field: 'bytes', type: 'quantitative', scale: { type: 'log' }, title: 'artifact bytes (log)' },
      color: { field: 'variant', type: 'nominal', scale: { range: PALETTE }, title: 'variant' },
    },
    layer: [
      {
        mark: { type: 'rule' },
        encoding: { y: { field: 'lo', type: 'quantitative', title: 'test accuracy', scale: { zero: false } }, y2: { field: 'hi' } },
      },
      {
        mark: { type: 'point', filled: true, size: 80 },
        encoding: {
          y: { field: 'accuracy', type: 'quantitative' },
          shape: { field: 'reference', type: 'nominal', title: 'original' },
          tooltip: [
            { field: 'cell', type: 'nominal' },
            { field: 'accuracy', type: 'quantitative', format: '.4f' },
            { field: 'bytes', type: 'quantitative' },
          ],
        },
      },
    ],
  };
}
