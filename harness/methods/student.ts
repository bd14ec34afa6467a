import type * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { Rng } from '../data/random.js';
import { getArch } from '../models/index.js';
import type { DataShape } from '../models/types.js';
import { buildSequential, sequentialPlan, withoutWeights, type LayerPlan } from './sequential.js';

/** A student architecture: how to build it and how to describe it in a record. */
export interface StudentSpec {
  build(seed: number): tf.LayersModel;
  /** Architecture name and settings, or `cloned-sequential` with the scaled widths. */
  describe: Record<string, unknown>;
}

const scale = (n: number, width: number): number => Math.max(1, Math.round(n * width));

/**
 * Registry settings with every hidden width multiplied by `width`: `width` itself (lenet),
 * `hidden` units (mlp), or `dModel` (kept a multiple of `heads`) and `ffDim` (transformer).
 */
export function scaleArchSettings(arch: string, settings: Record<string, unknown>, width: number, where: string): Record<string, unknown> {
  const s = { ...settings };
  if (typeof s.width === 'number') return { ...s, width: s.width * width };
  if (Array.isArray(s.hidden)) return { ...s, hidden: (s.hidden as number[]).map((u) => scale(u, width)) };
  if (typeof s.dModel === 'number' && typeof s.heads === 'number') {
    const heads = s.heads;
    return {
      ...s,
      dModel: heads * scale(s.dModel / heads, width),
      ...(typeof s.ffDim === 'number' ? { ffDim: scale(s.ffDim, width) } : {}),
    };
  }
  throw new InputError(
    `${where}: cannot scale architecture '${arch}' by a width; give the student's 'arch' and 'archSettings' instead`,
    'student-unscalable',
  );
}

/** A student from the registry: `arch` with `settings` validated against its schema. */
export function registryStudent(arch: string, settings: Record<string, unknown>, shape: DataShape, where: string): StudentSpec {
  const a = getArch(arch, `${where}: `);
  const parsed = a.settings.safeParse(settings);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new InputError(
      `${where}: settings of architecture '${arch}' are invalid (${issues}); see \`slimbench list archs\``,
      'student-bad-settings',
    );
  }
  return { build: (seed) => a.build(shape, parsed.data, seed), describe: { arch, settings: parsed.data as Record<string, unknown> } };
}

/**
 * A student cloned from a Sequential teacher's layer configs with fresh seeded weights, Dense
 * units (except the output layer's) and Conv2D filters multiplied by `width`; `edit` may change
 * the plans further (e.g. the input shape).
 */
export function clonedStudent(
  teacher: tf.LayersModel,
  width: number,
  where: string,
  edit: (plans: LayerPlan[]) => LayerPlan[] = (p) => p,
): StudentSpec {
  const plans = edit(withoutWeights(sequentialPlan(teacher, where)));
  const last = plans.map((p) => p.className).lastIndexOf('Dense');
  const widths: Record<string, number> = {};
  const scaled = plans.map((p, i) => {
    const config = { ...p.config };
    if (p.className === 'Dense' && i !== last) config.units = widths[String(config.name)] = scale(config.units as number, width);
    if (p.className === 'Conv2D') config.filters = widths[String(config.name)] = scale(config.filters as number, width);
    return { className: p.className, config };
  });
  return {
    build: (seed) =>
      buildSequential(
        scaled.map((p) =>
          'kernelInitializer' in p.config
            ? {
                ...p,
                config: {
                  ...p.config,
                  kernelInitializer: { className: 'GlorotUniform', config: { seed: Rng.derive(seed, String(p.config.name)) } },
                },
              }
            : p,
        ),
      ),
    describe: { arch: 'cloned-sequential', width, units: widths },
  };
}
