import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { LoadedSuite } from '../suite/load.js';
import type { Cell } from '../suite/plan.js';
import { canonicalJson } from './plain-codec.js';

/** Version of the key layout; bump it when what a key covers changes. */
const KEY_FORMAT = 1;

/** What every key of one run shares: code, backend, machine and data. */
export interface KeyBase {
  /** {@link codeVersion}. */
  code: string;
  /** The tfjs backend in use. */
  backend: string;
  /** CPU model: speed figures are only reusable on the same kind of machine. */
  cpu: string;
  /** sha256 of the loaded dataset (file bytes, source settings, split seed). */
  dataset: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Key of an original model's entry: the model source (architecture and its settings, or the
 * bytes of a loaded artifact), training, measurement settings, seed, data, code and backend.
 */
export function originalKey(base: KeyBase, suite: LoadedSuite, seed: number): string {
  const { model, measure } = suite.spec;
  const source =
    model.path !== undefined
      ? { artifact: artifactHash(resolve(suite.dir, model.path)) }
      : { arch: model.arch, settings: suite.archSettings };
  return sha256(canonicalJson({ format: KEY_FORMAT, kind: 'original', base, source, train: model.train, measure, seed }));
}

/** Key of a variant cell's entry: its original's key, method, settings, layers and measurement. */
export function cellKey(original: string, suite: LoadedSuite, cell: Cell): string {
  const { method, settings, layers, seed } = cell;
  return sha256(canonicalJson({ format: KEY_FORMAT, kind: 'cell', original, method, settings, layers, seed, measure: suite.spec.measure }));
}

/** sha256 of a tfjs artifact: its model.json and every weight file it lists. */
export function artifactHash(path: string): string {
  try {
    return hashArtifact(path);
  } catch {
    // Unreadable: loading it fails the original with a clear message, and failures are not cached.
    return `unreadable:${path}`;
  }
}

function hashArtifact(path: string): string {
  const file = statSync(path).isDirectory() ? join(path, 'model.json') : path;
  const text = readFileSync(file);
  const hash = createHash('sha256').update(text);
  const manifest = (JSON.parse(text.toString('utf8')) as { weightsManifest?: { paths?: string[] }[] }).weightsManifest ?? [];
  for (const group of manifest) for (const p of group.paths ?? []) hash.update(readFileSync(join(dirname(file), p)));
  return hash.digest('hex');
}
