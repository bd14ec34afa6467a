import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { csvColumns, type CsvColumn } from './csv-columns.js';
import { readCsvTable } from './csv-read.js';
import { csvSettings, isMissing, type CsvSettings } from './csv-settings.js';
import { stratifiedSplit, stratifiedSubset } from './split.js';
import type { Dataset, Split } from './types.js';

export { csvSettings, type CsvSettings };

/** A data row: numbers (NaN when missing) and category texts (null when missing), by column. */
type Cell = number | string | null;

/**
 * Loads a CSV file into a {@link Dataset}; every problem is an InputError naming file and line.
 * Categorical columns become one-hot blocks whose categories come from the training split only.
 */
export function loadCsv(settings: CsvSettings, seed: number, baseDir = '.'): Dataset {
  const s = csvSettings.parse(settings);
  const table = readCsvTable(s.file, baseDir);
  const { path } = table;
  const { labelCol, columns } = csvColumns(table, s);

  const values: Cell[][] = [];
  const lines: number[] = [];
  const labelText: string[] = [];
  for (const { record, line } of table.rows) {
    const label = record[labelCol];
    if (isMissing(label))
      throw new InputError(`${path}:${line}: column '${s.label}' (the label) is empty; every row needs a label`, 'csv-missing-label');
    const row = readRow(record, columns, s, `${path}:${line}`);
    if (row === undefined) continue;
    values.push(row);
    lines.push(line);
    labelText.push(label);
  }
  if (values.length === 0) throw new InputError(`${path}: no rows left after dropping rows with missing values`, 'csv-no-rows');

  const classNames = [...new Set(labelText)].sort();
  const labels = Int32Array.from(labelText, (l) => classNames.indexOf(l));
  let { train, test } = stratifiedSplit(labels, s.testFraction, seed);
  if (s.limit) {
    const keepTrain = Math.round(s.limit * (1 - s.testFraction));
    train = stratifiedSubset(train, labels, keepTrain, seed);
    test = stratifiedSubset(test, labels, s.limit - keepTrain, seed);
  }
  // Training and evaluation need two classes and rows on both sides of the split.
  if (classNames.length < 2) {
    throw new InputError(
      `${path}: column '${s.label}' (the label) holds the single class '${classNames[0]}'; a classifier needs rows of at least two classes`,
      'csv-one-class',
    );
  }
  if (train.length === 0 || test.length === 0) {
    throw new InputError(
      `${path}: ${values.length} usable rows leave ${train.length} training and ${test.length} test rows (testFraction ${s.testFraction}${s.limit ? `, limit ${s.limit}` : ''}); give each class at least two rows`,
      'csv-too-few-rows',
    );
  }
  const encoder = fitEncoder(values, train, columns, s.standardize);
  const encode = (rows: number[], part: 'train' | 'test'): Split => {
    const d = encoder.featureNames.length;
    const x = new Float32Array(rows.length * d);
    rows.forEach((r, i) => encoder.write(values[r], x, i * d, (c, v) => unseen(path, lines[r], c, v, s, part)));
    return { x, y: Int32Array.from(rows, (r) => labels[r]), n: rows.length };
  };
  const hash = createHash('sha256')
    .update(table.bytes)
    .update(JSON.stringify({ ...s, file: undefined, seed }))
    .digest('hex');
  return {
    name: `csv:${s.file}`,
    hash,
    inputShape: [encoder.featureNames.length],
    inputKind: 'float',
    featureNames: encoder.featureNames,
    classNames,
    train: encode(train, 'train'),
    test: encode(test, 'test'),
  };
}

/** One row's feature values, or undefined when `missing: drop` drops it. */
function readRow(record: string[], columns: CsvColumn[], s: CsvSettings, where: string): Cell[] | undefined {
  const row: Cell[] = [];
  for (const c of columns) {
    const text = record[c.col];
    if (isMissing(text)) {
      if (s.missing === 'error') {
        throw new InputError(
          `${where}: column '${c.name}' has a missing value ('${text}'); set the dataset's 'missing' to 'drop' or 'impute-mean', or fix the file`,
          'csv-missing-value',
        );
      }
      if (s.missing === 'drop') return undefined;
      row.push(c.kind === 'number' ? NaN : null);
      continue;
    }
    if (c.kind === 'category') {
      row.push(text);
      continue;
    }
    const v = Number(text);
    if (!Number.isFinite(v)) {
      throw new InputError(
        `${where}: column '${c.name}' has the non-numeric value '${text}'; feature columns must be numbers — list '${c.name}' under the dataset's 'categorical' (one-hot encoded) or 'ignore' (left out)`,
        'csv-not-numeric',
      );
    }
    row.push(v);
  }
  return row;
}

function unseen(path: string, line: number, c: CsvColumn, value: string, s: CsvSettings, part: string): 'zero' {
  if (s.unseen === 'zero') return 'zero';
  throw new InputError(
    `${path}:${line}: column '${c.name}' has the category '${value}', which no training row has (this row is in the ${part} split); set the dataset's 'unseen' to 'zero' (an all-zero one-hot vector) or 'ignore' the column`,
    'csv-unseen-category',
  );
}

interface Encoder {
  featureNames: string[];
  /** Writes one row's encoded features at `x[offset..]`; `onUnseen` decides a category the training split lacks. */
  write(row: Cell[], x: Float32Array, offset: number, onUnseen: (c: CsvColumn, v: string) => 'zero'): void;
}

/** Per-column statistics over the training rows only: mean/sd of numbers, categories and their shares. */
function fitEncoder(values: Cell[][], train: number[], columns: CsvColumn[], standardize: boolean): Encoder {
  const featureNames: string[] = [];
  const writers = columns.map((c, j) => {
    if (c.kind === 'category') {
      const counts = new Map<string, number>();
      for (const r of train) {
        const v = values[r][j];
        if (typeof v === 'string') counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const cats = [...counts.keys()].sort();
      const total = [...counts.values()].reduce((a, b) => a + b, 0) || 1;
      const shares = cats.map((k) => counts.get(k)! / total);
      featureNames.push(...cats.map((k) => `${c.name}=${k}`));
      return (v: Cell, x: Float32Array, o: number, onUnseen: (c: CsvColumn, v: string) => 'zero'): number => {
        if (v === null) shares.forEach((p, i) => (x[o + i] = p));
        else {
          const i = cats.indexOf(v as string);
          if (i >= 0) x[o + i] = 1;
          else onUnseen(c, v as string);
        }
        return cats.length;
      };
    }
    let sum = 0;
    let sq = 0;
    let n = 0;
    for (const r of train) {
      const v = values[r][j] as number;
      if (Number.isNaN(v)) continue;
      sum += v;
      sq += v * v;
      n++;
    }
    const mean = n ? sum / n : 0;
    const sd = Math.sqrt(Math.max(sq / Math.max(n, 1) - mean * mean, 0)) || 1;
    const [center, scale] = standardize ? [mean, sd] : [0, 1];
    featureNames.push(c.name);
    return (v: Cell, x: Float32Array, o: number): number => {
      x[o] = ((Number.isNaN(v) ? mean : (v as number)) - center) / scale;
      return 1;
    };
  });
  return {
    featureNames,
    write(row, x, offset, onUnseen) {
      let o = offset;
      writers.forEach((w, j) => (o += w(row[j], x, o, onUnseen)));
    },
  };
}
