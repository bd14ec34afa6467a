import { InputError, unknownNameMessage } from '../errors.js';
import { lenet300100Spec, lenet5Spec } from './lenet-settings.js';
import { mlpSpec } from './mlp-settings.js';
import type { ArchSpec } from './spec.js';
import { transformerSpec } from './transformer-settings.js';

/**
 * Description and settings of every architecture, by the name suites use in `model.arch`,
 * without the builders (so reading it loads no tfjs). Same names and order as `archs`.
 */
export const archSpecs = {
  mlp: mlpSpec,
  'lenet-300-100': lenet300100Spec,
  lenet5: lenet5Spec,
  transformer: transformerSpec,
} satisfies Record<string, ArchSpec>;

export type ArchName = keyof typeof archSpecs;

/** True when `name` is a registered architecture (an own entry: `toString` is not one). */
export function isArchName(name: string): name is ArchName {
  return Object.hasOwn(archSpecs, name);
}

/** The architecture spec of that name, or an InputError listing the valid names. */
export function getArchSpec(name: string, where = ''): ArchSpec {
  if (!isArchName(name)) throw new InputError(`${where}${unknownNameMessage('architecture', name, Object.keys(archSpecs))}`, 'unknown-arch');
  return archSpecs[name];
}
