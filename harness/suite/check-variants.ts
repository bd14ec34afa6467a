import { z } from 'zod';
import { closest, unknownNameMessage } from '../errors.js';
import type { MethodSpec } from '../methods/spec.js';
import { isMethodName, methodSpecs } from '../methods/specs.js';
import { CONTROL } from './controls.js';
import { labelledPoints, ORIGINAL } from './plan.js';
import { zodIssues, type Locator } from './locate.js';
import type { SuiteSpec, VariantSpec } from './schema.js';
import { settingField, sweptKeys } from './sweep.js';
import { variantBody } from './variant.js';

/** Method that `ablate: leave-one-out` applies to. */
export const PIPELINE = 'pipeline';

/** Pushes one `file:line:col message` per problem of the suite's variants onto `errors`. */
export function checkVariants(spec: SuiteSpec, loc: Locator, errors: string[]): void {
  const seen = new Set<string>([ORIGINAL, CONTROL]);
  spec.variants.forEach((v, i) => {
    if (seen.has(v.name))
      errors.push(
        `${loc.at(['variants', i, 'name'])} duplicate variant name '${v.name}'; give each variant a unique name ('${ORIGINAL}' and '${CONTROL}' are reserved)`,
      );
    seen.add(v.name);
    const before = errors.length;
    checkShape(v, i, loc, errors);
    if (errors.length > before) return;
    const body = variantBody(v, i);
    if (!isMethodName(body.method)) {
      errors.push(`${loc.at(body.methodPath)} ${unknownNameMessage('method', body.method, Object.keys(methodSpecs))}`);
      return;
    }
    const method: MethodSpec = methodSpecs[body.method];
    checkDesign(v, i, method, loc, errors);
    if (errors.length > before) return;
    checkPoints(v, i, method, loc, errors);
  });
  checkCaps(spec, loc, errors);
}

/** Which of method / sensitivity / ablate / default / zip may go together. */
function checkShape(v: VariantSpec, i: number, loc: Locator, errors: string[]): void {
  const at = (key: string) => loc.at(['variants', i, key], true);
  if (v.sensitivity) {
    for (const key of ['method', 'ablate', 'default'] as const) {
      if (v[key] !== undefined)
        errors.push(`${at(key)} a sensitivity variant takes its method and settings inside 'sensitivity'; remove '${key}'`);
    }
    if (Object.keys(v.settings).length > 0)
      errors.push(`${at('settings')} a sensitivity variant takes its settings inside 'sensitivity'; move them there`);
  } else if (v.method === undefined) {
    errors.push(`${loc.at(['variants', i])} variant '${v.name}' needs a 'method' (or a 'sensitivity' block)`);
  }
  if (v.default !== undefined && v.ablate !== 'one-at-a-time')
    errors.push(`${at('default')} 'default' is the starting point of 'ablate: one-at-a-time'; add that or remove 'default'`);
  if (v.ablate && v.zip) errors.push(`${at('zip')} 'zip' and 'ablate' are different designs; remove one`);
}

/** Ablation-specific rules: what to vary and where the default point lies. */
function checkDesign(v: VariantSpec, i: number, method: MethodSpec, loc: Locator, errors: string[]): void {
  const body = variantBody(v, i);
  const swept = sweptKeys(body.settings, method.settings);
  if (v.ablate === 'one-at-a-time') {
    if (swept.length === 0)
      errors.push(
        `${loc.at(['variants', i, 'ablate'])} 'one-at-a-time' varies list-valued settings, and this variant has none; give a setting a list of values`,
      );
    for (const [key, value] of Object.entries(v.default ?? {})) {
      const path = ['variants', i, 'default', key];
      if (!swept.includes(key)) {
        const hint = closest(key, swept);
        errors.push(
          `${loc.at(path, true)} default: '${key}' is not a list-valued setting of this variant; ${hint ? `did you mean '${hint}'?` : `list-valued settings: ${swept.join(', ') || 'none'}`}`,
        );
      } else {
        const r = settingField(method.settings, key)?.safeParse(value) ?? { success: true as const };
        if (!r.success) errors.push(...zodIssues(loc, r.error, path));
      }
    }
  }
  if (v.ablate === 'leave-one-out') {
    if (body.method !== PIPELINE)
      errors.push(
        `${loc.at(['variants', i, 'ablate'])} 'leave-one-out' removes pipeline steps; it needs method '${PIPELINE}' (for other methods use 'one-at-a-time')`,
      );
    else if (swept.length > 0)
      errors.push(
        `${loc.at([...body.settingsPath, swept[0]], true)} 'leave-one-out' takes fixed settings; '${swept[0]}' is a list (sweep it in a separate variant)`,
      );
  }
}

/** Every value of every setting validates against the method's schema, and ids are unique. */
function checkPoints(v: VariantSpec, i: number, method: MethodSpec, loc: Locator, errors: string[]): void {
  const body = variantBody(v, i);
  const swept = sweptKeys(body.settings, method.settings);
  const lines = new Set<string>();
  const add = (found: string[]) => found.forEach((l) => lines.add(l));
  // Fixed settings (and required keys) with every list at its first value...
  const firsts = Object.fromEntries(swept.map((k) => [k, (body.settings[k] as unknown[])[0]]));
  const r = method.settings.safeParse({ ...body.settings, ...firsts });
  if (!r.success) {
    const fixed = new z.ZodError(r.error.issues.filter((iss) => !swept.includes(String(iss.path[0]))));
    add(zodIssues(loc, fixed, body.settingsPath, method.settings));
  }
  // ...then each list value on its own, located at its list element.
  for (const k of swept) {
    const field = settingField(method.settings, k);
    if (!field) continue;
    (body.settings[k] as unknown[]).forEach((value, j) => {
      const rv = field.safeParse(value);
      if (!rv.success) add(zodIssues(loc, rv.error, [...body.settingsPath, k, j]));
    });
  }
  if (lines.size > 0) {
    errors.push(...lines);
    return;
  }
  // Whole points, for rules across settings (a method's refinements) and unique labels.
  const labels = new Set<string>();
  for (const { raw, label } of labelledPoints(v, i)) {
    const r = method.settings.safeParse(raw);
    if (!r.success) add(zodIssues(loc, r.error, body.settingsPath, method.settings));
    else if (labels.has(label))
      lines.add(
        `${loc.at(body.settingsPath)} variant '${v.name}' has two points labelled '${label}'; remove the repeated value from the list`,
      );
    labels.add(label);
  }
  errors.push(...lines);
}

/** Every `quick.caps` key names a setting of some method. */
function checkCaps(spec: SuiteSpec, loc: Locator, errors: string[]): void {
  const known = new Set<string>();
  for (const m of Object.values(methodSpecs) as MethodSpec[]) {
    if (m.settings instanceof z.ZodObject) for (const k of Object.keys(m.settings.shape)) known.add(k);
  }
  for (const key of Object.keys(spec.quick.caps ?? {})) {
    if (known.has(key)) continue;
    const hint = closest(key, [...known]);
    errors.push(
      `${loc.at(['quick', 'caps', key], true)} quick.caps: no method has a setting '${key}'; ${hint ? `did you mean '${hint}'?` : `settings: ${[...known].sort().join(', ')}`}`,
    );
  }
}
