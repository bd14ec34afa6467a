import { InputError, unknownNameMessage } from '../errors.js';
import { distillSpec } from './distill-settings.js';
import { featureSelectSpec } from './feature-select-settings.js';
import { lowrankSpec } from './lowrank-settings.js';
import { pipelineSpec } from './pipeline-settings.js';
import { pruneSpec } from './prune-settings.js';
import { pruneStructuredSpec } from './prune-structured-settings.js';
import { quantizeSpec } from './quantize-settings.js';
import type { MethodSpec } from './spec.js';

/**
 * Description and settings of every compression method, by the name suites use, without the
 * code that applies them (so reading it loads no tfjs). Same names and order as `methods`.
 */
export const methodSpecs = {
  prune: pruneSpec,
  'prune-structured': pruneStructuredSpec,
  quantize: quantizeSpec,
  lowrank: lowrankSpec,
  distill: distillSpec,
  'feature-select': featureSelectSpec,
  // Resolved lazily: a pipeline's steps name other entries of this registry.
  pipeline: pipelineSpec((name) => getMethodSpec(name)),
} satisfies Record<string, MethodSpec>;

export type MethodName = keyof typeof methodSpecs;

/** True when `name` is a registered method (an own entry: `toString` is not one). */
export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methodSpecs, name);
}

/** The InputError for a name that is not a method: the valid names and the closest match. */
export function unknownMethod(name: string, where = ''): InputError {
  return new InputError(`${where}${unknownNameMessage('method', name, Object.keys(methodSpecs))}`, 'unknown-method');
}

/** The method spec of that name, or an InputError listing the valid names and the closest match. */
export function getMethodSpec(name: string, where = ''): MethodSpec {
  if (!isMethodName(name)) throw unknownMethod(name, where);
  return methodSpecs[name];
}
