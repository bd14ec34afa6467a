import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Kinds of model an original can be. */
export const MODEL_KINDS = ['layers', 'graph'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/**
 * The kind of the model at `path` (a model.json or its folder), from the file: `graph` for
 * `format: 'graph-model'` or a GraphDef topology (`modelTopology.node`), else `layers`. A file
 * that cannot be read or parsed reads as `layers`, whose loader reports the problem.
 */
export function detectModelKind(path: string): ModelKind {
  try {
    const file = statSync(path).isDirectory() ? join(path, 'model.json') : path;
    const json = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; modelTopology?: { node?: unknown } };
    return json.format === 'graph-model' || Array.isArray(json.modelTopology?.node) ? 'graph' : 'layers';
  } catch {
    return 'layers';
  }
}
