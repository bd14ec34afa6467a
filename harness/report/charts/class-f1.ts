import type { CellRecord, RunRecord } from '../../results/record.js';
import { cellF1, classNames, originalOf, pointLabel } from '../cells.js';
import { GAIN_COLOUR, LOSS_COLOUR, header, values, type ChartSpec } from './common.js';

/** One class: its F1 in the original and in the variant, and the change in points. */
export interface ClassF1Change {
  class: string;
  original: number;
  variant: number;
  deltaPts: number;
  direction: 'gain' | 'loss';
}

/** Per-class F1 change of a variant against its original (recorded per-class F1, else from the confusion matrices). */
export function classF1Changes(record: RunRecord, variant: CellRecord): ClassF1Change[] {
  const original = originalOf(record, variant);
  const fo = original ? cellF1(original) : undefined;
  const fv = cellF1(variant);
  if (!fo || !fv || fo.length === 0 || fo.length !== fv.length) return [];
  const names = classNames(record, fo.length);
  return names.map((name, i) => {
    const deltaPts = (fv[i] - fo[i]) * 100;
    return { class: name, original: fo[i], variant: fv[i], deltaPts, direction: deltaPts < 0 ? 'loss' : 'gain' };
  });
}

/** Bars of the per-class F1 change (variant − original, in points), losses in vermillion. */
export function classF1Chart(record: RunRecord, variant: CellRecord | undefined): ChartSpec | null {
  const rows = variant && !variant.reference ? classF1Changes(record, variant) : [];
  if (rows.length === 0) return null;
  const label = pointLabel(variant!);
  const x = {
    field: 'class',
    type: 'nominal' as const,
    sort: rows.map((r) => r.class),
    title: 'class',
    axis: { labelAngle: -40, labelLimit: 140 },
  };
  return {
    ...header(
      `Per-class F1 change: ${label}`,
      `Change of each class's F1 score from the original to ${label}, in percentage points; bars below zero are classes the variant handles worse.`,
    ),
    width: { step: Math.max(18, Math.min(60, Math.floor(480 / rows.length))) },
    height: 220,
    data: values(rows),
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x,
          y: { field: 'deltaPts', type: 'quantitative', title: 'Δ F1 (pts)' },
          color: {
            field: 'direction',
            type: 'nominal',
            title: 'change',
            scale: { domain: ['gain', 'loss'], range: [GAIN_COLOUR, LOSS_COLOUR] },
          },
          tooltip: [
            { field: 'class', type: 'nominal' },
            { field: 'original', type: 'quantitative', title: 'F1 original', format: '.3f' },
            { field: 'variant', type: 'quantitative', title: 'F1 variant', format: '.3f' },
            { field: 'deltaPts', type: 'quantitative', title: 'Δ F1 (pts)', format: '+.2f' },
          ],
        },
      },
      { mark: { type: 'rule', color: '#333' }, encoding: { y: { datum: 0, type: 'quantitative' } } },
      ...(rows.length <= 20
        ? [
            {
              mark: { type: 'text' as const, fontSize: 10, dy: { expr: 'datum.deltaPts < 0 ? 8 : -8' } },
              encoding: {
                x,
                y: { field: 'deltaPts', type: 'quantitative' as const },
                text: { field: 'deltaPts', type: 'quantitative' as const, format: '+.1f' },
              },
            },
          ]
        : []),
    ],
  };
}
