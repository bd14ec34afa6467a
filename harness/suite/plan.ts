import type { Cell } from './cell.js';
import type { LoadedSuite } from './loaded.js';
import { leaveOneOut, oneAtATime, type LabelledPoint } from './ablate.js';
import { controlCells } from './controls.js';
import { capSettings } from './quick.js';
import type { VariantSpec } from './schema.js';
import { expandSettings, pointLabel, sweptKeys } from './sweep.js';
import { variantBody } from './variant.js';

export type { Cell } from './cell.js';
import { getMethodSpec } from '../methods/specs.js';

/** The cells of a suite, in run order (each seed's original before its variants). */
export interface Plan {
  suite: LoadedSuite;
  quick: boolean;
  cells: Cell[];
}

/** The name of the original model's cells. */
export const ORIGINAL = 'original';

/** Prefix of a layer reference by position (`@3` is `model.layers[3]`). */
export const LAYER_REF = '@';

/** True when some sensitivity variant asks for `layers: all`, so expansion needs the layer list. */
export function needsLayerIndices(suite: LoadedSuite): boolean {
  return suite.spec.variants.some((v) => v.sensitivity?.layers === 'all');
}

/**
 * Expands a validated suite into cells: every sweep or ablation point of every variant, for each
 * seed (`seed`, `seed + 1`, ... for `repeats`), with each seed's control cells (suite `controls`)
 * after its original. `compressible` lists the positions of the model's
 * layers that hold a kernel or embedding; it is needed only when `needsLayerIndices(suite)`.
 */
export function expandPlan(suite: LoadedSuite, quick = false, compressible?: number[]): Plan {
  const { spec } = suite;
  const cells: Cell[] = [];
  const seeds = Array.from({ length: spec.repeats }, (_, i) => spec.seed + i);
  const tag = (seed: number) => (spec.repeats > 1 ? `#s${seed}` : '');
  const points = spec.variants.map((v, i) => variantPoints(v, i, quick ? spec.quick : undefined, compressible));
  for (const seed of seeds) {
    cells.push({ id: `${ORIGINAL}${tag(seed)}`, variant: ORIGINAL, method: 'none', settings: {}, seed, reference: true });
    const variants: Cell[] = [];
    spec.variants.forEach((v, i) => {
      const method = variantBody(v, i).method;
      for (const p of points[i]) {
        const id = `${v.name}${p.label ? `[${p.label}]` : ''}${tag(seed)}`;
        variants.push({
          id,
          variant: v.name,
          method,
          settings: p.settings,
          seed,
          reference: false,
          ...(p.layers ? { layers: p.layers } : {}),
        });
      }
    });
    if (spec.controls === 'none') cells.push(...variants);
    else {
      const c = controlCells(variants, spec.model.train, tag(seed), spec.model.path === undefined);
      cells.push(...c.controls, ...c.variants);
    }
  }
  return { suite, quick, cells };
}

/** One validated point of a variant. */
export interface VariantPoint {
  /** Settings after validation (defaults filled in, quick caps applied). */
  settings: Record<string, unknown>;
  /** Id part, e.g. `sparsity=0.5,bits=8` (empty for a variant without sweeps). */
  label: string;
  /** Settings as written, before validation. */
  raw: Record<string, unknown>;
  layers?: string[];
}

/**
 * The validated settings points of variant `index` with their id labels: a grid or zip sweep, an
 * ablation design, or (sensitivity) every sweep point for each layer. `quick` thins sweeps and
 * caps settings.
 */
export function variantPoints(
  v: VariantSpec,
  index: number,
  quick?: { sweepPoints?: number; caps?: Record<string, number> },
  compressible?: number[],
): VariantPoint[] {
  const method = getMethodSpec(variantBody(v, index).method);
  const validated = labelledPoints(v, index, quick?.sweepPoints).map(({ raw, label }) => {
    const parsed = method.settings.parse(raw) as Record<string, unknown>;
    return { raw, label, settings: quick?.caps ? capSettings(parsed, quick.caps) : parsed };
  });
  if (!v.sensitivity) return validated;
  const layers = v.sensitivity.layers === 'all' ? layerRefs(compressible, v.name) : v.sensitivity.layers;
  return validated.flatMap((p) =>
    layers.map((layer) => ({
      ...p,
      label: [p.label, `layer=${layer.startsWith(LAYER_REF) ? layer.slice(1) : layer}`].filter(Boolean).join(','),
      layers: [layer],
    })),
  );
}

/** The settings points of variant `index` as written (not yet validated), with their labels. */
export function labelledPoints(v: VariantSpec, index: number, sweepPoints?: number): LabelledPoint[] {
  const body = variantBody(v, index);
  const swept = sweptKeys(body.settings, getMethodSpec(body.method).settings);
  if (v.ablate === 'one-at-a-time') return oneAtATime(body.settings, swept, v.default, sweepPoints);
  if (v.ablate === 'leave-one-out') return leaveOneOut(body.settings);
  return expandSettings(body.settings, swept, v.zip, sweepPoints).map((raw) => ({ raw, label: pointLabel(raw, swept) }));
}

function layerRefs(compressible: number[] | undefined, variant: string): string[] {
  if (!compressible) throw new Error(`variant '${variant}' uses 'layers: all'; expandPlan needs the model's compressible layer positions`);
  return compressible.map((i) => `${LAYER_REF}${i}`);
}
