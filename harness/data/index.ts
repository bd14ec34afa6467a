import type { z } from 'zod';
import { InputError, unknownNameMessage } from '../errors.js';
import { csvSettings, loadCsv } from './csv.js';
import type { Dataset } from './types.js';

/** A data source: a settings schema and a loader (files resolve against the suite's folder). */
export interface DataSource<S = any> {
  description: string;
  settings: z.ZodType<S>;
  /** Setting that takes a row limit for quick runs, when the source has one. */
  limitKey?: string;
  load(settings: S, seed: number, baseDir: string): Dataset | Promise<Dataset>;
}

const csv: DataSource<z.infer<typeof csvSettings>> = {
  description: 'a CSV file with a header line: one label column and numeric feature columns',
  settings: csvSettings,
  limitKey: 'limit',
  load: loadCsv,
};

/** Every data source, by the name suites use in `dataset.source`. */
export const datasets = {
  csv,
} satisfies Record<string, DataSource>;

export type DatasetName = keyof typeof datasets;

/** The data source of that name, or an InputError listing the valid names. */
export function getDataSource(name: string, where = ''): DataSource {
  if (!(name in datasets)) throw new InputError(`${where}${unknownNameMessage('dataset source', name, Object.keys(datasets))}`, 'unknown-dataset');
  return datasets[name as DatasetName] as DataSource;
}
