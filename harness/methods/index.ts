import { unknownNameMessage, InputError } from '../errors.js';
import { prune } from './prune.js';
import { pruneStructured } from './prune-structured.js';
import { quantize } from './quantize.js';
import { lowrank } from './lowrank.js';
import { distill } from './distill.js';
import { featureSelect } from './feature-select.js';
import { makePipeline } from './pipeline.js';
import type { CompressionMethod } from './types.js';
import type { FileMethod } from './file-method.js';
import { ggufQuantize } from './gguf-quantize.js';

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
} satisfies Record<string, CompressionMethod>;

export type MethodName = keyof typeof methods;

/** The method of that name, or an InputError listing the valid names and the closest match. */
export function getMethod(name: string, where = ''): CompressionMethod {
  if (!Object.hasOwn(methods, name)) throw new InputError(`${where}${unknownNameMessage('method', name, Object.keys(methods))}`, 'unknown-method');
  return methods[name as MethodName] as CompressionMethod;
}

/** Methods that rewrite model files (GGUF) rather than tfjs models, by the name suites use. */
export const fileMethods = {
  'gguf-quantize': ggufQuantize,
} satisfies Record<string, FileMethod>;

export type FileMethodName = keyof typeof fileMethods;

/** The file method of that name, or an InputError listing the valid names and the closest match. */
export function getFileMethod(name: string, where = ''): FileMethod {
  if (!Object.hasOwn(fileMethods, name)) throw new InputError(`${where}${unknownNameMessage('file method', name, Object.keys(fileMethods))}`, 'unknown-method');
  return fileMethods[name as FileMethodName] as FileMethod;
}
