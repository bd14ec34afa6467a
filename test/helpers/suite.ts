import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSuite, type LoadedSuite } from '../../harness/suite/load.js';
import { fixture } from './paths.js';
import type { InputErrorCode } from '../../harness/errors.js';
import { inputError } from './errors.js';

/** The dataset and model lines of a tiny suite (the 200-row fixture CSV, a small MLP, 2 epochs). */
export function tinyHead(name = 'tiny-test'): string {
  return [
    `name: ${name}`,
    'dataset:',
    '  source: csv',
    `  file: ${JSON.stringify(fixture('suites/tiny.csv'))}`,
    '  label: label',
    'model:',
    '  arch: mlp',
    '  settings: {hidden: [8]}',
    '  train: {epochs: 2, batchSize: 16}',
  ].join('\n');
}

/** Writes `text` as a suite file in a fresh temp folder and returns its path. */
export function writeSuite(text: string, name = 'suite.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'slimbench-suite-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Loads a suite written from `text` (tiny head plus the given body). */
export function suiteOf(body: string): LoadedSuite {
  return loadSuite(writeSuite(`${tinyHead()}\n${body}`));
}

/** The message of the InputError `fn` throws, checked to carry `code` (fails the test when it throws nothing). */
export function inputErrorOf(fn: () => unknown, code: InputErrorCode): string {
  return inputError(fn, code).message;
}
