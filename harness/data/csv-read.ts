import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';

/** A CSV file as read: its bytes, header and data rows with their line numbers. */
export interface CsvTable {
  path: string;
  bytes: Buffer;
  header: string[];
  rows: { record: string[]; line: number }[];
}

/** Reads and parses a CSV file with a header line; every problem is an InputError naming the file. */
export function readCsvTable(file: string, baseDir: string): CsvTable {
  const path = resolve(baseDir, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new InputError(`${path}: cannot read the CSV file; check the dataset 'file' path (relative to the suite file)`, 'csv-missing');
  }
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(bytes, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof parsed;
  } catch (err) {
    throw new InputError(`${path}: not a valid CSV file: ${(err as Error).message}`, 'csv-syntax');
  }
  if (parsed.length === 0) throw new InputError(`${path}: the file is empty; it needs a header line and data rows`, 'csv-empty');
  if (parsed.length === 1) throw new InputError(`${path}:1: the file has a header but no data rows`, 'csv-no-rows');
  const header = parsed[0].record;
  const rows = parsed.slice(1).map(({ record, info }) => {
    if (record.length !== header.length) {
      throw new InputError(
        `${path}:${info.lines}: row has ${record.length} fields but the header has ${header.length}; fix or remove the row`,
        'csv-ragged-row',
      );
    }
    return { record, line: info.lines };
  });
  return { path, bytes, header, rows };
}
