import { thin, type SettingsPoint } from './sweep.js';

/** A settings point of an ablation with its id label. */
export interface LabelledPoint {
  raw: SettingsPoint;
  label: string;
}

/** The label of the point every one-at-a-time ablation varies from. */
export const DEFAULT_LABEL = 'default';
/** The label of the unablated pipeline in a leave-one-out ablation. */
export const FULL_LABEL = 'full';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const show = (v: unknown): string => (typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * One-at-a-time ablation: the default point (every swept setting at its `defaults` value, or at
 * its list's first value), then for each swept setting in turn its other list values with every
 * other setting at default. `points` thins each list as in a `--quick` sweep.
 */
export function oneAtATime(settings: SettingsPoint, swept: string[], defaults: SettingsPoint = {}, points?: number): LabelledPoint[] {
  const lists = new Map(swept.map((k) => [k, points ? thin(settings[k] as unknown[], points) : (settings[k] as unknown[])]));
  const base: SettingsPoint = { ...settings };
  for (const k of swept) base[k] = Object.hasOwn(defaults, k) ? defaults[k] : (settings[k] as unknown[])[0];
  const out: LabelledPoint[] = [{ raw: base, label: DEFAULT_LABEL }];
  for (const k of swept) {
    for (const v of lists.get(k)!) {
      if (!same(v, base[k])) out.push({ raw: { ...base, [k]: v }, label: `${k}=${show(v)}` });
    }
  }
  return out;
}

/** A pipeline step as leave-one-out sees it: its method name is all it needs. */
interface Step {
  method?: unknown;
}

/**
 * Leave-one-out ablation of a pipeline (`settings.steps`): the full pipeline, then the pipeline
 * with each step removed in turn (labelled `without=<method>`, or `without=<n>.<method>` when the
 * method occurs more than once). A one-step pipeline has no ablated points: removing its only
 * step leaves the original model, which every suite already measures.
 */
export function leaveOneOut(settings: SettingsPoint): LabelledPoint[] {
  const steps = Array.isArray(settings.steps) ? (settings.steps as Step[]) : [];
  const out: LabelledPoint[] = [{ raw: settings, label: FULL_LABEL }];
  if (steps.length < 2) return out;
  const names = steps.map((s) => String(s.method ?? 'step'));
  steps.forEach((_, i) => {
    const repeated = names.filter((n) => n === names[i]).length > 1;
    out.push({
      raw: { ...settings, steps: steps.filter((__, j) => j !== i) },
      label: `without=${repeated ? `${i + 1}.` : ''}${names[i]}`,
    });
  });
  return out;
}
