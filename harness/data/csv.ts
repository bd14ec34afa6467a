import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { stratifiedSplit, stratifiedSubset } from './split.js';
import type { Dataset, Split } from './types.js';

/** Settings of the `csv` dataset: one header line, one label column, numeric feature columns. */
export const csvSettings = z
  .object({
    file: z.string().min(1).describe('CSV file, relative to the suite file'),
    label: z.string().min(1).describe('name of the label column'),
    features: z.array(z.string()).optional().describe('feature columns (default: every other column)'),
    testFraction: z.number().gt(0).lt(1).default(0.2).describe('share of rows held out for testing, per class'),
    missing: z
      .enum(['error', 'drop', 'impute-mean'])
      .default('error')
      .describe("what to do with empty or NA feature values: fail, drop the row, or use the training mean"),
    standardize: z.boolean().default(true).describe('z-score features with mean/sd fitted on the training split'),
    limit: z.number().int().positive().optional().describe('use a stratified subset of this many rows'),
  })
  .strict();
export type CsvSettings = z.infer<typeof csvSettings>;

const MISSING = new Set(['', 'na', 'nan', 'null', '?']);

/** Loads a CSV file into a {@link Dataset}; every problem is an InputError naming file and line. */
export function loadCsv(settings: CsvSettings, seed: number, baseDir = '.'): Dataset {
  const path = resolve(baseDir, settings.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new InputError(`${path}: cannot read the CSV file; check the dataset 'file' path (relative to the suite file)`, 'csv-missing');
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(bytes, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof rows;
  } catch (err) {
    throw new InputError(`${path}: not a valid CSV file: ${(err as Error).message}`, 'csv-syntax');
  }
  if (rows.length === 0) throw new InputError(`${path}: the file is empty; it needs a header line and data rows`, 'csv-empty');
  const header = rows[0].record;
  if (rows.length === 1) throw new InputError(`${path}:1: the file has a header but no data rows`, 'csv-no-rows');
  const labelCol = header.indexOf(settings.label);
  if (labelCol < 0) {
    throw new InputError(`${path}:1: no label column '${settings.label}'; columns found: ${header.join(', ')}`, 'csv-no-label');
  }
  const featureNames = settings.features ?? header.filter((_, i) => i !== labelCol);
  if (featureNames.length === 0) throw new InputError(`${path}:1: no feature columns besides the label '${settings.label}'; add numeric feature columns`, 'csv-no-features');
  const featureCols = featureNames.map((name) => {
    const col = header.indexOf(name);
    if (col < 0) throw new InputError(`${path}:1: no feature column '${name}'; columns found: ${header.join(', ')}`, 'csv-no-column');
    return col;
  });

  const values: number[][] = [];
  const labelText: string[] = [];
  for (const { record, info } of rows.slice(1)) {
    if (record.length !== header.length) {
      throw new InputError(`${path}:${info.lines}: row has ${record.length} fields but the header has ${header.length}; fix or remove the row`, 'csv-ragged-row');
    }
    const label = record[labelCol];
    if (MISSING.has(label.toLowerCase())) {
      throw new InputError(`${path}:${info.lines}: column '${settings.label}' (the label) is empty; every row needs a label`, 'csv-missing-label');
    }
    const row: number[] = [];
    let drop = false;
    for (let f = 0; f < featureCols.length; f++) {
      const text = record[featureCols[f]];
      if (MISSING.has(text.toLowerCase())) {
        if (settings.missing === 'error') {
          throw new InputError(
            `${path}:${info.lines}: column '${featureNames[f]}' has a missing value ('${text}'); set the dataset's 'missing' to 'drop' or 'impute-mean', or fix the file`,
            'csv-missing-value',
          );
        }
        if (settings.missing === 'drop') drop = true;
        row.push(NaN);
        continue;
      }
      const v = Number(text);
      if (!Number.isFinite(v)) {
        throw new InputError(`${path}:${info.lines}: column '${featureNames[f]}' has the non-numeric value '${text}'; feature columns must be numbers`, 'csv-not-numeric');
      }
      row.push(v);
    }
    if (drop) continue;
    values.push(row);
    labelText.push(label);
  }
  if (values.length === 0) throw new InputError(`${path}: no rows left after dropping rows with missing values`, 'csv-no-rows');

  const classNames = [...new Set(labelText)].sort();
  const labels = Int32Array.from(labelText, (l) => classNames.indexOf(l));
  let { train, test } = stratifiedSplit(labels, settings.testFraction, seed);
  if (settings.limit) {
    const keepTrain = Math.round(settings.limit * (1 - settings.testFraction));
    train = stratifiedSubset(train, labels, keepTrain, seed);
    test = stratifiedSubset(test, labels, settings.limit - keepTrain, seed);
  }
  // Training and evaluation need two classes and rows on both sides of the split.
  if (classNames.length < 2) {
    throw new InputError(`${path}: column '${settings.label}' (the label) holds the single class '${classNames[0]}'; a classifier needs rows of at least two classes`, 'csv-one-class');
  }
  if (train.length === 0 || test.length === 0) {
    throw new InputError(
      `${path}: ${values.length} usable rows leave ${train.length} training and ${test.length} test rows (testFraction ${settings.testFraction}${settings.limit ? `, limit ${settings.limit}` : ''}); give each class at least two rows`,
      'csv-too-few-rows',
    );
  }
  const scaler = fitScaler(values, train, settings.standardize);
  const hash = createHash('sha256')
    .update(bytes)
    .update(JSON.stringify({ ...settings, file: undefined, seed }))
    .digest('hex');
  return {
    name: `csv:${settings.file}`,
    hash,
    inputShape: [featureNames.length],
    inputKind: 'float',
    featureNames,
    classNames,
    train: toSplit(values, labels, train, scaler),
    test: toSplit(values, labels, test, scaler),
  };
}

interface Scaler {
  center: number[];
  scale: number[];
  /** Training mean per feature, used for missing values under `impute-mean`. */
  impute: number[];
}

/** Per-feature statistics over the training rows only (missing values skipped). */
function fitScaler(values: number[][], train: number[], standardize: boolean): Scaler {
  const d = values[0].length;
  const impute = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(1);
  for (let f = 0; f < d; f++) {
    let sum = 0;
    let sq = 0;
    let n = 0;
    for (const r of train) {
      const v = values[r][f];
      if (Number.isNaN(v)) continue;
      sum += v;
      sq += v * v;
      n++;
    }
    const m = n ? sum / n : 0;
    impute[f] = m;
    sd[f] = Math.sqrt(Math.max(sq / Math.max(n, 1) - m * m, 0)) || 1;
  }
  return standardize ? { center: impute, scale: sd, impute } : { center: impute.map(() => 0), scale: sd.map(() => 1), impute };
}

function toSplit(values: number[][], labels: Int32Array, rows: number[], s: Scaler): Split {
  const d = s.center.length;
  const x = new Float32Array(rows.length * d);
  const y = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    for (let f = 0; f < d; f++) {
      const raw = values[r][f];
      x[i * d + f] = ((Number.isNaN(raw) ? s.impute[f] : raw) - s.center[f]) / s.scale[f];
    }
    y[i] = labels[r];
  });
  return { x, y, n: rows.length };
}
