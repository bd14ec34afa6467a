import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import type { FileRef } from './file-ref.js';
import type { CellRecord, RunRecord } from './record.js';

/**
 * Per-row predictions and test labels stored beside run records as content-addressed JSON files
 * (`<out>/<suite>/predictions/<sha256>.json`), so metrics and paired tests can be recomputed
 * later without the models. Identical predictions (same seed, same model) share one file.
 */

/** Folder of prediction and label files, relative to the folder of the run records. */
export const PREDICTIONS_DIR = 'predictions';

/** Probabilities are stored when rows × classes is at most this (8 MB as float32). */
export const MAX_STORED_PROBS = 2_000_000;


/** Predictions read back from a file. */
export interface StoredPredictions {
  classes: number;
  predicted: Int32Array;
  /** Row-major `[rows, classes]` float32 probabilities, when they were stored. */
  probs?: Float32Array;
}

const predictionsFile = z.object({
  format: z.literal('slimbench-predictions'),
  version: z.literal(1),
  rows: z.number().int().min(0),
  classes: z.number().int().min(1),
  predicted: z.array(z.number().int().min(0)),
  probs: z.object({ dtype: z.literal('float32'), encoding: z.literal('base64-le'), data: z.string() }).optional(),
});

const labelsFile = z.object({
  format: z.literal('slimbench-labels'),
  version: z.literal(1),
  rows: z.number().int().min(0),
  classes: z.number().int().min(1),
  labels: z.array(z.number().int().min(0)),
});

/**
 * The folder of run records (`<out>/<suite>`) for a cell's artifact root, which the runner
 * places at `<out>/<suite>/artifacts/<run-id>`.
 */
export function recordDirOfArtifactRoot(artifactRoot: string): string {
  return resolve(artifactRoot, '..', '..');
}

/** Writes a cell's predictions (probabilities too when small enough) and returns its reference. */
export function writePredictions(recordDir: string, classes: number, predicted: Int32Array, probs?: Float32Array): FileRef {
  const keepProbs = probs !== undefined && probs.length <= MAX_STORED_PROBS;
  const body: z.infer<typeof predictionsFile> = {
    format: 'slimbench-predictions',
    version: 1,
    rows: predicted.length,
    classes,
    predicted: Array.from(predicted),
    ...(keepProbs ? { probs: { dtype: 'float32', encoding: 'base64-le', data: Buffer.from(probs.buffer, probs.byteOffset, probs.byteLength).toString('base64') } } : {}),
  };
  return writeAddressed(recordDir, JSON.stringify(body));
}

/** Writes the test labels of a run and returns their reference (the record's `dataset.labels`). */
export function writeLabels(recordDir: string, classes: number, labels: Int32Array): FileRef {
  return writeAddressed(recordDir, JSON.stringify({ format: 'slimbench-labels', version: 1, rows: labels.length, classes, labels: Array.from(labels) }));
}

/** The stored predictions of one cell of the run record at `recordPath`. */
export function readPredictions(recordPath: string, cell: CellRecord): StoredPredictions {
  const ref = cell.predictions as FileRef | undefined;
  if (!ref) throw new InputError(`${recordPath}: cell '${cell.id}' has no stored predictions; re-run the suite with this version of slimbench`, 'predictions-missing');
  const data = parseVerified(recordPath, ref, predictionsFile, `cell '${cell.id}'`);
  if (data.predicted.length !== data.rows) throw new InputError(`${resolve(dirname(recordPath), ref.file)}: ${data.predicted.length} predictions for ${data.rows} rows; the file is damaged — re-run the suite`, 'predictions-bad');
  const out: StoredPredictions = { classes: data.classes, predicted: Int32Array.from(data.predicted) };
  if (data.probs) {
    const bytes = Buffer.from(data.probs.data, 'base64');
    const probs = new Float32Array(bytes.length / 4);
    new Uint8Array(probs.buffer).set(bytes);
    if (probs.length !== data.rows * data.classes) throw new InputError(`${resolve(dirname(recordPath), ref.file)}: probabilities do not match ${data.rows} rows × ${data.classes} classes; the file is damaged — re-run the suite`, 'predictions-bad');
    out.probs = probs;
  }
  return out;
}

/** The test labels of the run record at `recordPath` (its `dataset.labels` file). */
export function readLabels(recordPath: string, record: RunRecord): Int32Array {
  const ref = (record.dataset as { labels?: FileRef } | undefined)?.labels;
  if (!ref) throw new InputError(`${recordPath}: the record has no 'dataset.labels'; re-run the suite with this version of slimbench`, 'labels-missing');
  return Int32Array.from(parseVerified(recordPath, ref, labelsFile, 'dataset.labels').labels);
}

function writeAddressed(recordDir: string, text: string): FileRef {
  const bytes = Buffer.from(text);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const file = `${PREDICTIONS_DIR}/${sha256}.json`;
  const path = join(recordDir, file);
  if (!existsSync(path)) writeFileAtomic(path, bytes);
  return { file, sha256 };
}

function parseVerified<T>(recordPath: string, ref: FileRef, schema: z.ZodType<T>, what: string): T {
  const path = resolve(dirname(recordPath), ref.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new InputError(`${path}: missing, but ${recordPath} (${what}) refers to it; keep the '${PREDICTIONS_DIR}' folder beside the run record`, 'predictions-missing');
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== ref.sha256) throw new InputError(`${path}: sha256 ${sha} does not match ${ref.sha256} recorded in ${recordPath} (${what}); the file was changed — re-run the suite`, 'predictions-hash');
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new InputError(`${path}: not valid JSON (${(err as Error).message}); re-run the suite`, 'predictions-bad');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${path}: at '${issue.path.join('.') || '(top)'}': ${issue.message}; not a slimbench predictions file — re-run the suite`, 'predictions-bad');
  }
  return parsed.data;
}
