/**
 * The one reader of dotted field paths of run records (`retention.accuracy`,
 * `size.compressionRatio`, `methodInfo.control.accuracy`): gates, claims and the report table
 * read record fields through it. Only own properties are followed, so `constructor` or
 * `__proto__` in a suite file never reach into prototypes.
 */

/** A value found at a path, with the object that holds it (claims read a sibling `ci` there). */
export interface PathHit {
  value: unknown;
  parent: object;
}

/** The value at `path` (dotted text or segments) of `root` and its holder; undefined when a segment is missing. */
export function readPathHit(root: unknown, path: string | readonly string[]): PathHit | undefined {
  const segments = typeof path === 'string' ? path.split('.') : path;
  let parent: object | undefined;
  let value: unknown = root;
  for (const seg of segments) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, seg)) return undefined;
    parent = value;
    value = (value as Record<string, unknown>)[seg];
  }
  return parent === undefined ? undefined : { value, parent };
}

/** The value at `path` of `root` (e.g. `readPath(cell, 'retention.accuracy')`), or undefined. */
export function readPath(root: unknown, path: string | readonly string[]): unknown {
  return readPathHit(root, path)?.value;
}

/** A finite number, or undefined. */
const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** `[lo, hi]` when `x` is a pair of numbers, else null. */
export function intervalOf(x: unknown): [number, number] | null {
  return Array.isArray(x) && x.length === 2 && x.every((n) => typeof n === 'number') ? [x[0] as number, x[1] as number] : null;
}

/**
 * The number at `path`: a plain number, or the `value` of a metric with an interval
 * (`{value, ci}`); undefined when absent or not finite.
 */
export function readNumber(root: unknown, path: string | readonly string[]): number | undefined {
  const v = readPath(root, path);
  if (v !== null && typeof v === 'object' && Object.hasOwn(v, 'value')) return finite((v as { value: unknown }).value);
  return finite(v);
}

/**
 * The number at `path` with its interval: a `{value, ci}` metric gives both; a plain number whose
 * holder has a `ci` interval (e.g. `methodInfo.control.accuracy`) takes that interval.
 */
export function readEstimate(root: unknown, path: string | readonly string[]): { value: number; ci: [number, number] | null } | undefined {
  const hit = readPathHit(root, path);
  if (!hit) return undefined;
  const v = hit.value;
  if (v !== null && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number') {
    return { value: (v as { value: number }).value, ci: intervalOf((v as { ci?: unknown }).ci) };
  }
  const n = finite(v);
  return n === undefined ? undefined : { value: n, ci: intervalOf((hit.parent as { ci?: unknown }).ci) };
}

/** The number at the first of `paths` that holds one (a field recorded at different places over time). */
export function firstNumber(root: unknown, paths: readonly string[]): number | undefined {
  for (const path of paths) {
    const v = finite(readPath(root, path));
    if (v !== undefined) return v;
  }
  return undefined;
}
