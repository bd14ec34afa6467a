import type { CellRecord } from '../results/record.js';
import { reaches } from './tolerance.js';
import type { MetricComparison } from './types.js';

const SIZE_METRICS = ['artifactBytes', 'gzipBytes'] as const;

/**
 * Size of a cell's artifact against its baseline: bytes on disk and gzip bytes. Sizes are
 * deterministic, so any growth reaching the (tiny) tolerance is a regression.
 */
export function compareSize(curCell: CellRecord, baseCell: CellRecord, tolerance: number): MetricComparison[] {
  const a = baseCell.size;
  const b = curCell.size;
  if (!a || !b) return [];
  return SIZE_METRICS.map((metric) => {
    const change = a[metric] > 0 ? b[metric] / a[metric] - 1 : b[metric] > 0 ? Infinity : 0;
    const state = reaches(change, tolerance) ? 'regressed' : reaches(-change, tolerance) ? 'improved' : 'pass';
    return {
      metric,
      kind: 'size',
      better: 'lower',
      unit: 'bytes',
      baseline: a[metric],
      current: b[metric],
      change,
      threshold: tolerance,
      state,
    };
  });
}
