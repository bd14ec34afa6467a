import type { CellRecord, RunRecord } from '../results/record.js';
import { okCells, originalOf, pointLabel, primaryMetric } from './cells.js';
import { pct, pts, pValue } from './format.js';

/** One variant cell against its controls, as the page's Controls section states it. */
export interface ControlRow {
  cell: string;
  /** The sentence: change vs original, what the control alone gained, and the difference that remains. */
  text: string;
}

const valueOf = (c: CellRecord | undefined, metric: string) => c?.quality?.[metric]?.value;
const range = (ci: [number, number]) => `[${pts(ci[0], false)}, ${pts(ci[1], false)}]`;

/**
 * The Controls section: for every variant cell with compute-matched controls, how it compares
 * with the original and with each control, and, where it gained over the original, how much of
 * that gain the control reached without compression (the training budget's share).
 */
export function controlRows(record: RunRecord): ControlRow[] {
  const metric = primaryMetric(record);
  const byId = new Map(record.cells.map((c) => [c.id, c]));
  const rows: ControlRow[] = [];
  for (const c of okCells(record)) {
    if (c.reference || !c.vsControls) continue;
    const o = valueOf(originalOf(record, c), metric);
    const v = valueOf(c, metric);
    if (o === undefined || v === undefined) continue;
    const gain = v - o;
    const parts = [`${pts(gain)} ${metric} vs the original`];
    for (const [id, cmp] of Object.entries(c.vsControls)) {
      const ctl = valueOf(byId.get(id), metric);
      const d = (cmp as Record<string, unknown>)[metric] as { value: number; ci: [number, number] } | undefined;
      if (ctl === undefined || !d) continue;
      const alone = ctl - o;
      const what =
        cmp.kind === 'from-scratch' ? 'the same small architecture trained from scratch' : 'the original trained for the same extra epochs';
      let share = '';
      if (cmp.kind === 'fine-tune' && gain > 0)
        share =
          alone >= gain
            ? ', so all of the gain is training budget'
            : `, so ${pct(Math.max(0, alone / gain))} of the gain is training budget`;
      parts.push(
        `${what} (${pointLabel({ id } as CellRecord)}) reaches ${pts(alone)} alone${share}; vs that control ${pts(d.value)} ${range(d.ci)}, McNemar p ${pValue(cmp.mcnemarP)}`,
      );
    }
    rows.push({ cell: pointLabel(c) + (record.cells.some((x) => x.seed !== c.seed) ? ` (seed ${c.seed})` : ''), text: parts.join('; ') });
  }
  for (const c of okCells(record)) {
    if (c.vsControls || c.vsControl?.kind !== 'hard-labels') continue;
    rows.push({
      cell: pointLabel(c),
      text: `vs the same student trained on hard labels alone: ${pts(c.vsControl.accuracy.value)} ${range(c.vsControl.accuracy.ci)}, McNemar p ${pValue(c.vsControl.mcnemarP)}`,
    });
  }
  return rows;
}
