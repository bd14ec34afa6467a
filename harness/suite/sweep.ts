import { z } from 'zod';

/** One point of a variant's settings space. */
export type SettingsPoint = Record<string, unknown>;

/** The schema of setting `key` when `schema` is an object schema that declares it (an own key: `toString` is none). */
export function settingField(schema: z.ZodType, key: string): z.ZodType | undefined {
  if (!(schema instanceof z.ZodObject)) return undefined;
  const shape = schema.shape as Record<string, z.ZodType>;
  return Object.hasOwn(shape, key) ? shape[key] : undefined;
}

/**
 * Splits a variant's settings into fixed values and swept lists. A list is a sweep unless the
 * method's schema accepts the list itself as the setting's value (e.g. `hidden: [64, 32]`).
 */
export function sweptKeys(settings: Record<string, unknown>, schema: z.ZodType): string[] {
  return Object.keys(settings).filter((k) => {
    const v = settings[k];
    if (!Array.isArray(v) || v.length === 0) return false;
    const field = settingField(schema, k);
    return !field || !field.safeParse(v).success;
  });
}

/** Keeps `points` values of a sweep list: the first, the last and evenly spaced ones between. */
export function thin<T>(values: T[], points: number): T[] {
  if (values.length <= points) return values;
  if (points === 1) return [values[values.length - 1]];
  const idx = new Set(Array.from({ length: points }, (_, i) => Math.round((i * (values.length - 1)) / (points - 1))));
  return [...idx].map((i) => values[i]);
}

/** Grid (cartesian product) or zip of the swept keys; fixed keys are copied into every point. */
export function expandSettings(settings: Record<string, unknown>, swept: string[], zip: boolean, points?: number): SettingsPoint[] {
  const lists = swept.map((k) => (points ? thin(settings[k] as unknown[], points) : (settings[k] as unknown[])));
  const base = Object.fromEntries(Object.entries(settings).filter(([k]) => !swept.includes(k)));
  if (swept.length === 0) return [base];
  if (zip) {
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => ({ ...base, ...Object.fromEntries(swept.map((k, j) => [k, lists[j][i]])) }));
  }
  let points_: SettingsPoint[] = [base];
  swept.forEach((k, j) => {
    points_ = points_.flatMap((p) => lists[j].map((v) => ({ ...p, [k]: v })));
  });
  return points_;
}

/** A readable id part for the swept values of a point, e.g. `sparsity=0.5,bits=8`. */
export function pointLabel(point: SettingsPoint, swept: string[]): string {
  return swept.map((k) => `${k}=${typeof point[k] === 'object' ? JSON.stringify(point[k]) : String(point[k])}`).join(',');
}
