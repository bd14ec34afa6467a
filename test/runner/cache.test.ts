import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryDir, readEntry, restoreFiles, writeEntry } from '../../harness/runner/cache.js';
import { cellKey, originalKey, type KeyBase } from '../../harness/runner/keys.js';
import { canonicalJson, decodePlain, encodePlain } from '../../harness/runner/plain-codec.js';
import { codeVersion } from '../../harness/runner/code-hash.js';
import type { CellRecord } from '../../harness/results/record.js';
import { expandPlan } from '../../harness/suite/plan.js';
import { suiteOf } from '../helpers/suite.js';

const record = (extra: Partial<CellRecord> = {}): CellRecord => ({
  id: 'c',
  variant: 'v',
  method: 'prune',
  settings: {},
  seed: 1,
  reference: false,
  status: 'ok',
  ...extra,
});
const base: KeyBase = { code: 'x', backend: 'wasm', cpu: 'cpu', dataset: 'd' };

describe('runner/cache', () => {
  it('round-trips typed arrays through the plain codec', () => {
    const value = { a: Int32Array.from([1, -2, 3]), b: [Float32Array.from([0.5])], c: 'x' };
    const back = decodePlain(JSON.parse(JSON.stringify(encodePlain(value)))) as typeof value;
    expect(back.a).to.be.instanceOf(Int32Array);
    expect(Array.from(back.a)).to.deep.equal([1, -2, 3]);
    expect(back.b[0][0]).to.equal(0.5);
    expect(back.c).to.equal('x');
  });

  it('writes canonical JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).to.equal(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });

  it('reads back a written entry with its seed context', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sb-cache-')), 'e');
    writeEntry(dir, record(), { originalPredictions: Int32Array.from([2, 0]) });
    const got = readEntry(dir, true)!;
    expect(got.record.id).to.equal('c');
    expect(Array.from(got.seed!.originalPredictions as Int32Array)).to.deep.equal([2, 0]);
  });

  it('treats an entry without its record (a killed write) or with a failed cell as missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'sb-cache-'));
    mkdirSync(join(root, 'half'));
    writeFileSync(join(root, 'half', 'seed-context.json'), '{}');
    expect(readEntry(join(root, 'half'), true)).to.equal(undefined);
    writeEntry(join(root, 'failed'), record({ status: 'failed', error: 'x' }));
    expect(readEntry(join(root, 'failed'), false)).to.equal(undefined);
    writeFileSync(join(root, 'failed', 'record.json'), '{"trunc');
    expect(readEntry(join(root, 'failed'), false)).to.equal(undefined);
  });

  it('treats an entry whose artifact folder is gone as missing', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sb-cache-')), 'e');
    writeEntry(dir, record({ artifact: join(dir, 'gone') } as Partial<CellRecord>));
    expect(readEntry(dir, false)).to.equal(undefined);
  });

  it('treats an entry whose stored predictions are gone as missing', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sb-cache-')), 'e');
    writeEntry(dir, record({ predictions: { file: 'predictions/p.json', sha256: 'h' } } as Partial<CellRecord>));
    expect(readEntry(dir, false)).to.equal(undefined);
    mkdirSync(join(dir, 'predictions'));
    writeFileSync(join(dir, 'predictions', 'p.json'), 'P');
    expect(readEntry(dir, false)?.record.id).to.equal('c');
  });

  it('copies the files a cached record refers to next to the run record', () => {
    const root = mkdtempSync(join(tmpdir(), 'sb-cache-'));
    const dir = entryDir(root, 'cells', 'k');
    mkdirSync(join(dir, 'predictions'), { recursive: true });
    writeFileSync(join(dir, 'predictions', 'p.json'), 'P');
    restoreFiles(dir, record({ predictions: { file: 'predictions/p.json', sha256: 'h' } } as Partial<CellRecord>), join(root, 'out'));
    expect(readFileSync(join(root, 'out', 'predictions', 'p.json'), 'utf8')).to.equal('P');
  });

  it('keys a cell by everything that determines it and nothing else', () => {
    const suite = suiteOf(['variants:', '  - name: p', '    method: prune', '    settings: {sparsity: [0.2, 0.5]}'].join('\n'));
    const [, a, b] = expandPlan(suite).cells;
    const ok = originalKey(base, suite, 1);
    expect(cellKey(ok, suite, a)).to.not.equal(cellKey(ok, suite, b));
    expect(cellKey(ok, suite, { ...a, id: 'renamed', variant: 'other' })).to.equal(cellKey(ok, suite, a));
    expect(originalKey({ ...base, backend: 'cpu' }, suite, 1)).to.not.equal(ok);
    expect(originalKey({ ...base, dataset: 'e' }, suite, 1)).to.not.equal(ok);
    expect(originalKey(base, suite, 2)).to.not.equal(ok);
    const slower = { ...suite, spec: { ...suite.spec, model: { ...suite.spec.model, train: { ...suite.spec.model.train, epochs: 9 } } } };
    expect(originalKey(base, slower, 1)).to.not.equal(ok);
  });

  it('versions the code by the package version and a hash of the measuring stages', () => {
    expect(codeVersion()).to.match(/^\d+\.\d+\.\d+\+[0-9a-f]{16}$/);
  });
});
