import { mcnemarExact } from '../measure/paired.js';
import type { CellRecord } from '../results/record.js';
import { readAgreement, readOutcomes } from './outcomes.js';
import { normalTwoSidedP, twoProportionP } from './stats.js';
import { reaches } from './tolerance.js';
import type { MetricComparison, StoredRun } from './types.js';

/** The accuracy comparison of one cell before false-discovery control settles its state. */
export type PendingQuality = Omit<MetricComparison, 'state' | 'adjustedP'> & { pValue: number };

/**
 * Accuracy (label-free: fidelity) of a cell against its baseline with a significance test: exact McNemar on the two
 * runs' per-row right/wrong outcomes when both stored predictions on the same test rows, else an
 * unpaired two-proportion test (with a note saying why). Undefined when either lacks accuracy.
 */
export function compareAccuracy(
  cur: StoredRun,
  curCell: CellRecord,
  base: StoredRun,
  baseCell: CellRecord,
  tolerance: number,
): PendingQuality | undefined {
  // Label-free cells have no accuracy; their headline is agreement with the original (fidelity).
  const metric = baseCell.quality?.accuracy && curCell.quality?.accuracy ? 'accuracy' : 'fidelity';
  const outcomes = metric === 'accuracy' ? readOutcomes : readAgreement;
  const a = baseCell.quality?.[metric];
  const b = curCell.quality?.[metric];
  if (!a || !b) return undefined;
  const common = {
    metric,
    kind: 'quality' as const,
    better: 'higher' as const,
    unit: 'fraction',
    baseline: a.value,
    current: b.value,
    baselineCi: a.ci,
    currentCi: b.ci,
    change: b.value - a.value,
    threshold: tolerance,
  };
  const baseHash = base.record.dataset?.hash;
  const curHash = cur.record.dataset?.hash;
  let why: string;
  if (baseHash === undefined || curHash === undefined) why = 'a record does not name its test rows (no dataset hash)';
  else if (baseHash !== curHash) why = `test rows differ (dataset hash ${baseHash.slice(0, 8)} → ${curHash.slice(0, 8)})`;
  else {
    const ob = outcomes(base, baseCell);
    const oc = outcomes(cur, curCell);
    if (ob.ok && oc.ok && ob.correct.length === oc.correct.length) {
      let rightToWrong = 0;
      let wrongToRight = 0;
      for (let i = 0; i < ob.correct.length; i++) {
        if (ob.correct[i] && !oc.correct[i]) rightToWrong++;
        else if (!ob.correct[i] && oc.correct[i]) wrongToRight++;
      }
      return {
        ...common,
        test: 'mcnemar',
        pValue: mcnemarExact(rightToWrong, wrongToRight),
        note: `${rightToWrong} rows right→wrong, ${wrongToRight} wrong→right`,
      };
    }
    why = !ob.ok ? ob.reason : !oc.ok ? oc.reason : 'the stored predictions cover different numbers of rows';
  }
  return { ...common, test: 'two-proportion', pValue: unpairedP(a, b, base, cur), note: `${why}; unpaired two-proportion test` };
}

function unpairedP(
  a: { value: number; ci: [number, number] },
  b: { value: number; ci: [number, number] },
  base: StoredRun,
  cur: StoredRun,
): number {
  const n1 = base.record.dataset?.testRows;
  const n2 = cur.record.dataset?.testRows;
  if (n1 && n2) return twoProportionP(Math.round(a.value * n1), n1, Math.round(b.value * n2), n2);
  // No row counts: a normal test on the bootstrap intervals (half-width / 1.96 as the standard error).
  const se = Math.hypot((a.ci[1] - a.ci[0]) / 3.92, (b.ci[1] - b.ci[0]) / 3.92);
  if (se === 0) return a.value === b.value ? 1 : 0;
  return normalTwoSidedP((b.value - a.value) / se);
}

/** Settles an accuracy comparison once its false-discovery-adjusted p-value is known. */
export function settleQuality(p: PendingQuality, adjustedP: number, q: number): MetricComparison {
  const significant = adjustedP <= q;
  const drop = -p.change;
  let state: MetricComparison['state'] = 'pass';
  let note = p.note;
  if (reaches(drop, p.threshold) || reaches(p.change, p.threshold)) {
    state = significant ? (drop > 0 ? 'regressed' : 'improved') : 'noisy';
    if (!significant) note = `${note}; the change is not significant after FDR control (adjusted p ${adjustedP.toPrecision(2)} > ${q})`;
  }
  return { ...p, adjustedP, state, note };
}
