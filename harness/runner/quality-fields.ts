import type { Evaluation } from '../measure/evaluate.js';
import type { CellRecord } from '../results/record.js';

/** The record fields that come from an evaluation. */
export function qualityFields(
  ev: Evaluation,
): Pick<CellRecord, 'quality' | 'confusion' | 'perClass' | 'retention' | 'fidelity' | 'fidelityCi' | 'flips' | 'mcnemarP' | 'kl' | 'tv'> {
  return {
    quality: ev.quality,
    confusion: ev.confusion,
    perClass: ev.perClass,
    ...(ev.retention ? { retention: ev.retention } : {}),
    ...(ev.paired
      ? {
          fidelity: ev.paired.fidelity,
          fidelityCi: ev.paired.fidelityCi,
          flips: { rightToWrong: ev.paired.rightToWrong, wrongToRight: ev.paired.wrongToRight },
          mcnemarP: ev.paired.mcnemarP,
        }
      : {}),
    ...(ev.kl ? { kl: ev.kl } : {}),
    ...(ev.tv ? { tv: ev.tv } : {}),
  };
}
