import { readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { readCsvTable } from './csv-read.js';
import { IMAGE_EXTENSIONS } from './image-decode.js';

/** Image files of a source, in a fixed order, with their label text when there are labels. */
export interface ImageList {
  files: string[];
  labels?: string[];
}

const isImage = (name: string) => IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());

/** Every image file under `dir` (recursively), sorted by path. */
function imagesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...imagesUnder(path));
    else if (isImage(entry.name)) out.push(path);
  }
  return out;
}

/** The images and labels of a folder, by the source's `labels` setting. */
export function listImages(dir: string, labels: string, baseDir: string): ImageList {
  const root = resolve(baseDir, dir);
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InputError(
      `${root}: not a folder; the dataset's 'dir' must be a folder of images (relative to the suite file)`,
      'images-missing',
    );
  }
  let list: ImageList;
  if (labels === 'none') list = { files: imagesUnder(root) };
  else if (labels === 'folders') {
    const classes = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    if (classes.length === 0) {
      throw new InputError(
        `${root}: no subfolders; with 'labels: folders' each class is a subfolder of images — make one per class, or set 'labels: none' or a CSV of file,label`,
        'images-no-classes',
      );
    }
    list = { files: [], labels: [] };
    for (const c of classes) {
      const files = imagesUnder(join(root, c));
      list.files.push(...files);
      list.labels!.push(...files.map(() => c));
    }
  } else list = fromCsv(root, labels, baseDir);
  if (list.files.length === 0)
    throw new InputError(
      `${root}: no ${IMAGE_EXTENSIONS.join(' / ')} files found; put the images there or fix the dataset's 'dir'`,
      'images-empty',
    );
  return list;
}

function fromCsv(root: string, csvFile: string, baseDir: string): ImageList {
  const table = readCsvTable(csvFile, baseDir);
  const fileCol = table.header.indexOf('file');
  const labelCol = table.header.indexOf('label');
  if (fileCol < 0 || labelCol < 0) {
    throw new InputError(
      `${table.path}:1: the labels CSV needs the columns 'file' and 'label'; columns found: ${table.header.join(', ')}`,
      'images-labels-csv',
    );
  }
  const files: string[] = [];
  const labels: string[] = [];
  for (const { record, line } of table.rows) {
    const path = resolve(root, record[fileCol]);
    if (relative(root, path).startsWith('..'))
      throw new InputError(
        `${table.path}:${line}: '${record[fileCol]}' is outside the dataset's 'dir' ${root}; give paths inside it`,
        'images-labels-csv',
      );
    if (!statSync(path, { throwIfNoEntry: false })?.isFile())
      throw new InputError(
        `${table.path}:${line}: image '${record[fileCol]}' not found in ${root}; fix the row or add the file`,
        'images-labels-csv',
      );
    if (record[labelCol] === '')
      throw new InputError(
        `${table.path}:${line}: image '${record[fileCol]}' has an empty label; every row needs a label`,
        'images-labels-csv',
      );
    files.push(path);
    labels.push(record[labelCol]);
  }
  return { files, labels };
}
