/** Display formatting of report numbers. Every function maps a missing value to an en dash. */

/** The placeholder shown for a missing value. */
export const DASH = '–';

const missing = (v: number | undefined | null): v is undefined | null => v === undefined || v === null || !Number.isFinite(v);

/** A share as a percentage with two decimals: `0.9157` → `91.57%`. */
export function pct(v?: number | null): string {
  return missing(v) ? DASH : `${(v * 100).toFixed(2)}%`;
}

/** A fixed number of decimals. */
export function fixed(v: number | undefined | null, digits: number): string {
  return missing(v) ? DASH : v.toFixed(digits);
}

/** A signed difference in percentage points: `-0.0031` → `-0.31 pts`. */
export function pts(v?: number | null, unit = true): string {
  if (missing(v)) return DASH;
  const s = (v * 100).toFixed(2);
  const signed = v > 0 && Number(s) !== 0 ? `+${s}` : s === '-0.00' ? '0.00' : s;
  return unit ? `${signed} pts` : signed;
}

/** A ratio as `10.0x` (`1.00x` below ten, to show small gains). */
export function times(v?: number | null): string {
  if (missing(v)) return DASH;
  return `${v >= 10 ? v.toFixed(1) : v.toFixed(2)}x`;
}

/** An integer with thousands separators. */
export function int(v?: number | null): string {
  return missing(v) ? DASH : Math.round(v).toLocaleString('en-US');
}

/** Bytes in B, kB, MB or GB (decimal units, as file sizes are usually shown). */
export function bytes(v?: number | null): string {
  if (missing(v)) return DASH;
  if (v < 1000) return `${v} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let x = v / 1000;
  let i = 0;
  while (x >= 1000 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  return `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} ${units[i]}`;
}

/** A count with an SI suffix: `1.2M`, `840k`. */
export function si(v?: number | null): string {
  if (missing(v)) return DASH;
  const a = Math.abs(v);
  for (const [d, s] of [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (a >= d) return `${(v / d).toFixed(a / d >= 100 ? 0 : 1)}${s}`;
  }
  return String(Math.round(v));
}

/** A p-value with three significant digits, or `< 1e-6` for tiny ones. */
export function pValue(v?: number | null): string {
  if (missing(v)) return DASH;
  return v < 1e-6 ? '< 1e-6' : v.toPrecision(3);
}

/** Milliseconds with a precision that suits their size. */
export function ms(v?: number | null): string {
  if (missing(v)) return DASH;
  return v >= 100 ? `${v.toFixed(0)} ms` : v >= 1 ? `${v.toFixed(2)} ms` : `${(v * 1000).toFixed(0)} µs`;
}

/** A value with its interval: `f(v) [f(lo), f(hi)]`. */
export function withCi(e: { value: number; ci: [number, number] } | undefined, f: (v: number) => string): string {
  return e ? `${f(e.value)} [${f(e.ci[0])}, ${f(e.ci[1])}]` : DASH;
}

/** An ISO time as `YYYY-MM-DD HH:MM UTC`. */
export function when(iso?: string): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
