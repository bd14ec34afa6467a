import type { CellRecord, RunRecord } from '../../results/record.js';
import { classNames, originalOf, pointLabel } from '../cells.js';
import { header, values, type ChartSpec } from './common.js';

/** One square of the confusion panels. */
export interface ConfusionSquare {
  panel: string;
  truth: string;
  predicted: string;
  count: number;
  /** For the difference panel: the change signed so that negative is worse (fewer right, more wrong). */
  effect: number;
}

/** True when two confusion matrices are present and of the same square shape. */
function comparable(a?: number[][], b?: number[][]): a is number[][] {
  return !!a && !!b && a.length > 0 && a.length === b.length && a.every((r, i) => r.length === a.length && b[i].length === a.length);
}

/**
 * The squares of three panels: the original's confusion matrix, the variant's, and the
 * variant's minus the original's. Undefined when either matrix is missing.
 */
export function confusionSquares(
  record: RunRecord,
  variant: CellRecord,
): { squares: ConfusionSquare[]; panels: [string, string, string]; classes: string[] } | undefined {
  const original = originalOf(record, variant);
  if (!original || !comparable(original.confusion, variant.confusion)) return undefined;
  const o = original.confusion!;
  const v = variant.confusion!;
  const classes = classNames(record, o.length);
  const panels: [string, string, string] = ['original', pointLabel(variant), 'difference (variant − original)'];
  const squares: ConfusionSquare[] = [];
  for (let t = 0; t < o.length; t++) {
    for (let p = 0; p < o.length; p++) {
      const d = v[t][p] - o[t][p];
      squares.push({ panel: panels[0], truth: classes[t], predicted: classes[p], count: o[t][p], effect: 0 });
      squares.push({ panel: panels[1], truth: classes[t], predicted: classes[p], count: v[t][p], effect: 0 });
      squares.push({ panel: panels[2], truth: classes[t], predicted: classes[p], count: d, effect: t === p ? d : -d });
    }
  }
  return { squares, panels, classes };
}

/** Confusion matrices of the original and a variant side by side, and their difference. */
export function confusionChart(record: RunRecord, variant: CellRecord | undefined): ChartSpec | null {
  const data = variant && !variant.reference ? confusionSquares(record, variant) : undefined;
  if (!data) return null;
  const { squares, panels, classes } = data;
  const k = classes.length;
  const step = Math.max(12, Math.min(44, Math.floor(260 / k)));
  const labels = k <= 12;
  const maxDiff = Math.max(1, ...squares.filter((s) => s.panel === panels[2]).map((s) => Math.abs(s.count)));
  const maxCount = Math.max(1, ...squares.filter((s) => s.panel !== panels[2]).map((s) => s.count));
  const axes = (showY: boolean) => ({
    x: {
      field: 'predicted',
      type: 'nominal' as const,
      sort: classes,
      title: 'predicted class',
      axis: { labelAngle: -40, labelLimit: 160 },
    },
    y: {
      field: 'truth',
      type: 'nominal' as const,
      sort: classes,
      title: showY ? 'true class' : null,
      axis: showY ? { labelLimit: 160 } : { labels: false, ticks: false },
    },
  });
  const panel = (i: number) => {
    const diff = i === 2;
    const threshold = diff ? maxDiff * 0.6 : maxCount * 0.6;
    return {
      title: panels[i],
      width: { step },
      height: { step },
      transform: [{ filter: { field: 'panel', equal: panels[i] } }],
      layer: [
        {
          mark: { type: 'rect' as const, stroke: 'white', strokeWidth: 0.5 },
          encoding: {
            ...axes(i === 0),
            color: diff
              ? {
                  field: 'effect',
                  type: 'quantitative' as const,
                  title: ['Δ rows', 'orange: worse'],
                  scale: { scheme: 'blueorange', reverse: true, domain: [-maxDiff, maxDiff], domainMid: 0 },
                  legend: { orient: 'right' as const, labelExpr: "datum.value > 0 ? 'better' : datum.value < 0 ? 'worse' : '0'" },
                }
              : {
                  field: 'count',
                  type: 'quantitative' as const,
                  title: 'rows',
                  scale: { scheme: 'blues', domain: [0, maxCount] },
                  legend: i === 1 ? { orient: 'right' as const } : null,
                },
            tooltip: [
              { field: 'truth', type: 'nominal' as const, title: 'true' },
              { field: 'predicted', type: 'nominal' as const },
              { field: 'count', type: 'quantitative' as const, title: diff ? 'Δ rows' : 'rows' },
            ],
          },
        },
        ...(labels
          ? [
              {
                mark: { type: 'text' as const, fontSize: 10 },
                encoding: {
                  ...axes(i === 0),
                  text: { field: 'count', type: 'quantitative' as const, ...(diff ? { format: '+d' } : {}) },
                  color: { condition: { test: `abs(datum.${diff ? 'effect' : 'count'}) > ${threshold}`, value: 'white' }, value: 'black' },
                },
              },
            ]
          : []),
      ],
    };
  };
  return {
    ...header(
      `Confusion: original vs ${panels[1]}`,
      `Test rows by true class (rows) and predicted class (columns) for the original and for ${panels[1]}, and the difference in rows (orange: worse, i.e. fewer correct rows on the diagonal or more errors off it).`,
    ),
    data: values(squares),
    hconcat: [panel(0), panel(1), panel(2)],
    resolve: { scale: { color: 'independent' } },
  };
}
