import type { ModelKind } from '../models/kind.js';
import type { MethodName } from './specs.js';

/**
 * The model kinds each method applies to: weight-level methods rewrite weight tensors, which any
 * kind has (graph-model Const weights, ONNX initializers); distillation takes any original as
 * its teacher (its outputs are the soft labels); structural methods and those that fine-tune
 * need a layers model.
 */
export const METHOD_KINDS = {
  prune: ['layers', 'graph', 'onnx'],
  quantize: ['layers', 'graph', 'onnx'],
  'prune-structured': ['layers'],
  lowrank: ['layers'],
  distill: ['layers', 'graph', 'onnx'],
  'feature-select': ['layers'],
  pipeline: ['layers'],
  'fine-tune': ['layers'],
  'from-scratch': ['layers'],
} as const satisfies Record<MethodName, readonly ModelKind[]>;

/** The kinds `method` applies to (layers only for a name the table lacks). */
export function methodKinds(method: string): readonly ModelKind[] {
  return Object.hasOwn(METHOD_KINDS, method) ? METHOD_KINDS[method as MethodName] : ['layers'];
}
