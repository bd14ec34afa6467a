import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyReferencedFiles } from '../../harness/results/merge.js';
import type { RunRecord } from '../../harness/results/record.js';
import { readRecord } from '../../harness/results/store.js';
import { tempDir } from '../compare/helpers.js';
import { templateCells, writeRun } from '../fixtures/records/template.js';
import { inputError } from '../helpers/errors.js';

// Found by test/fuzz/record.test.ts: merge copied a side file named '../x' to beside --out's folder.
describe('results: side-file references of run records', () => {
  it('rejects a predictions file outside the record folder when reading a record', () => {
    const dir = tempDir();
    const path = writeRun(dir, templateCells(), { runId: 'r' });
    const record = readRecord(path) as RunRecord & { cells: { predictions?: { file: string } }[] };
    record.cells[1].predictions!.file = '../../escape.json';
    writeFileSync(path, JSON.stringify(record));
    expect(inputError(() => readRecord(path), 'record-schema').message).to.match(/at 'cells\.1\.predictions\.file': must be a path inside the record's folder/);
  });

  it('accepts the predictions paths slimbench writes', () => {
    const dir = tempDir();
    const record = readRecord(writeRun(dir, templateCells(), { runId: 'r' }));
    expect(record.cells.every((c) => c.predictions!.file.startsWith('predictions/'))).to.equal(true);
  });

  it('refuses to copy any {file, sha256} value that leaves the folder, also in fields the schema passes through', () => {
    const dir = tempDir();
    const record = readRecord(writeRun(dir, templateCells(), { runId: 'r' }));
    (record.cells[0] as Record<string, unknown>).extra = { file: '../outside.json', sha256: 'x' };
    writeFileSync(join(dir, '..', 'outside.json'), '{}');
    const to = join(tempDir(), 'merged');
    mkdirSync(to);
    inputError(() => copyReferencedFiles(record, dir, to), 'record-bad-ref');
  });
});
