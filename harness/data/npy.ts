import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { indexLabels, splitRows } from './assemble.js';
import { parseNpy, type NpyArray } from './npy-parse.js';
import type { Dataset } from './types.js';
import { readZip } from './zip-read.js';

/** Settings of the `npy` source: NumPy arrays of inputs (first axis: rows) and optional labels. */
export const npySettings = z
  .object({
    file: z
      .string()
      .regex(/\.(npy|npz)$/i, 'give a .npy or .npz file')
      .describe('inputs: a .npy file, or an .npz archive holding them (relative to the suite file)'),
    inputs: z.string().min(1).default('x').describe("in an .npz: the name of the inputs array (numpy.savez(..., x=...) names it 'x')"),
    labels: z
      .string()
      .min(1)
      .optional()
      .describe(
        'class labels, one per row: a .npy file (relative to the suite file), or the name of an array in the .npz; leave out for label-free evaluation',
      ),
    testFraction: z.number().gt(0).lt(1).default(0.2).describe('share of rows held out for testing, per class'),
    limit: z.number().int().positive().optional().describe('use a stratified subset of this many rows'),
  })
  .strict();
export type NpySettings = z.infer<typeof npySettings>;

/** Loads NumPy inputs (and labels) as a {@link Dataset}: input shape is the array shape without its first axis. */
export function loadNpy(settings: NpySettings, seed: number, baseDir = '.'): Dataset {
  const s = npySettings.parse(settings);
  const hash = createHash('sha256');
  const read = (file: string): Buffer => {
    const path = resolve(baseDir, file);
    try {
      const bytes = readFileSync(path);
      hash.update(bytes);
      return bytes;
    } catch {
      throw new InputError(`${path}: cannot read the file; check the dataset path (relative to the suite file)`, 'npy-missing');
    }
  };
  const path = resolve(baseDir, s.file);
  const bytes = read(s.file);
  const archive = /\.npz$/i.test(s.file) ? readZip(bytes, path) : undefined;
  const fromArchive = (name: string, what: string): NpyArray => {
    const entry = archive!.get(`${name}.npy`) ?? archive!.get(name);
    if (!entry) {
      const names = [...archive!.keys()].map((k) => k.replace(/\.npy$/, ''));
      throw new InputError(
        `${path}: no array '${name}' (the dataset's '${what}'); arrays in the archive: ${names.join(', ')}`,
        'npz-no-array',
      );
    }
    return parseNpy(entry, `${path} (array '${name}')`);
  };
  const x = archive ? fromArchive(s.inputs, 'inputs') : parseNpy(bytes, path);
  if (x.shape.length < 2)
    throw new InputError(
      `${path}: inputs of shape (${x.shape.join(', ')}); the first axis must be rows, so at least 2 axes (reshape a vector with a[:, None])`,
      'npy-shape',
    );
  let labelWhere = '';
  let labels: NpyArray | undefined;
  if (s.labels !== undefined) {
    const isFile = /\.npy$/i.test(s.labels);
    if (!isFile && !archive)
      throw new InputError(
        `${path}: 'labels: ${s.labels}' names an array, but inputs come from a .npy file; give labels as a .npy file`,
        'npy-labels',
      );
    labelWhere = isFile ? resolve(baseDir, s.labels) : `${path} (array '${s.labels}')`;
    labels = isFile ? parseNpy(read(s.labels), labelWhere) : fromArchive(s.labels, 'labels');
  }
  const n = x.shape[0];
  const inputShape = x.shape.slice(1);
  const width = inputShape.reduce((a, b) => a * b, 1);
  let y: Int32Array | undefined;
  let classNames: string[] = [];
  if (labels) {
    if (labels.shape[0] !== n || labels.values.length !== n) {
      throw new InputError(
        `${labelWhere}: labels of shape (${labels.shape.join(', ')}) for ${n} input rows; give one class label per row (shape (${n},))`,
        'npy-labels',
      );
    }
    const bad = labels.values.findIndex((v) => !Number.isInteger(v));
    if (bad >= 0)
      throw new InputError(
        `${labelWhere}: label ${labels.values[bad]} at row ${bad} is not a whole number; labels are class indices or ids`,
        'npy-labels',
      );
    ({ classNames, y } = indexLabels(Array.from(labels.values, String)));
  }
  const { train, test } = splitRows({ x: Float32Array.from(x.values), n, width, y }, s.testFraction, seed, s.limit);
  return {
    name: `npy:${s.file}`,
    hash: hash.update(JSON.stringify({ ...s, seed })).digest('hex'),
    inputShape,
    inputKind: 'float',
    featureNames: Array.from({ length: width }, (_, i) => `x${i}`),
    classNames,
    ...(labels ? {} : { labeled: false as const }),
    train,
    test,
  };
}
