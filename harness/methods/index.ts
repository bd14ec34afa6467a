import { distill } from './distill.js';
import { featureSelect } from './feature-select.js';
import { lowrank } from './lowrank.js';
import { makePipeline } from './pipeline.js';
import { prune } from './prune.js';
import { pruneStructured } from './prune-structured.js';
import { quantize } from './quantize.js';
import { isMethodName, unknownMethod, type MethodName } from './specs.js';
import type { CompressionMethod } from './types.js';

/** Every compression method, by the name suites use. */
export const methods = {
  prune,
  'prune-structured': pruneStructured,
  quantize,
  lowrank,
  distill,
  'feature-select': featureSelect,
  // Resolved lazily: a pipeline's steps name other entries of this registry.
  pipeline: makePipeline((name) => getMethod(name)),
} satisfies Record<MethodName, CompressionMethod>;

export type { MethodName } from './specs.js';

/** The method of that name, or an InputError listing the valid names and the closest match. */
export function getMethod(name: string, where = ''): CompressionMethod {
  if (!isMethodName(name)) throw unknownMethod(name, where);
  return methods[name];
}
