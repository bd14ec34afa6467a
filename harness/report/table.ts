import type { CellRecord, RunRecord } from '../results/record.js';

/** One row of the comparison table, as display strings. */
export interface TableRow {
  cell: string;
  variant: string;
  reference: boolean;
  status: string;
  error?: string;
  cols: string[];
}

/** Column headers of the comparison table, in order. */
export const TABLE_COLUMNS = [
  'accuracy (95% CI)',
  'F1 macro',
  'retention',
  'fidelity',
  'McNemar p',
  'params (nonzero)',
  'artifact bytes',
  'gzip bytes',
  'ratio',
  'samples/s',
  'speedup (CI)',
];

const pct = (v?: number) => (v === undefined ? '–' : `${(v * 100).toFixed(2)}%`);
const ci = (e?: { value: number; ci: [number, number] }, f: (v: number) => string = pct) => (e ? `${f(e.value)} [${f(e.ci[0])}, ${f(e.ci[1])}]` : '–');
const num = (v?: number) => (v === undefined ? '–' : v.toLocaleString('en-US'));
const fix = (d: number) => (v: number) => v.toFixed(d);

/** Table rows: the original first, then every variant cell in run order. */
export function tableRows(record: RunRecord): TableRow[] {
  const cells = [...record.cells].sort((a, b) => Number(b.reference) - Number(a.reference));
  return cells.map((c: CellRecord) => ({
    cell: c.id,
    variant: c.variant,
    reference: c.reference,
    status: c.status,
    error: c.error,
    cols:
      c.status !== 'ok'
        ? []
        : [
            ci(c.quality?.accuracy),
            pct(c.quality?.f1Macro?.value),
            c.retention?.accuracy ? ci(c.retention.accuracy, fix(3)) : '–',
            c.fidelity === undefined ? '–' : pct(c.fidelity),
            c.mcnemarP === undefined ? '–' : c.mcnemarP.toPrecision(3),
            c.size ? `${num(c.size.params)} (${num(c.size.nonzeroParams)})` : '–',
            num(c.size?.artifactBytes),
            num(c.size?.gzipBytes),
            c.size ? `${c.size.compressionRatio.toFixed(2)}x` : '–',
            c.speed ? num(Math.round(c.speed.throughput.samplesPerSec)) : '–',
            c.speed && !c.reference ? ci(c.speed.speedup, fix(2)) : '–',
          ],
  }));
}
