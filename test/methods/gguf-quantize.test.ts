import { expect } from 'chai';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ggufQuantize } from '../../harness/methods/gguf-quantize.js';
import { getFileMethod } from '../../harness/methods/index.js';
import { readGguf, readGgufHeader } from '../../harness/runtimes/gguf-read.js';
import { loadLlamaCpp } from '../../harness/runtimes/llama-cpp.js';
import { writeTinyGguf } from '../../harness/runtimes/tiny-gguf.js';
import { rejectedInputError } from '../helpers/errors.js';

describe('gguf-quantize method', function () {
  this.timeout(60_000);
  let dir: string;
  let f32: string;
  const ctx = () => ({ outDir: join(dir, 'out'), seed: 1, log: () => {} });
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gguf-quantize-'));
    f32 = join(dir, 'tiny.gguf');
    writeTinyGguf(f32, 5);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is in the file-method registry under gguf-quantize', () => {
    expect(getFileMethod('gguf-quantize')).to.equal(ggufQuantize);
  });

  it('writes Q8_0 matrices, F32 norms and general.file_type 7', async () => {
    const r = await ggufQuantize.apply(f32, { type: 'q8_0' }, ctx());
    const f = readGguf(r.path);
    expect(new Set(f.tensors.filter((t) => t.dims.length === 2).map((t) => t.type))).to.deep.equal(new Set(['Q8_0']));
    expect(new Set(f.tensors.filter((t) => t.dims.length === 1).map((t) => t.type))).to.deep.equal(new Set(['F32']));
    expect(f.metadata.get('general.file_type')?.value).to.equal(7);
  });

  it('makes a Q8_0 file at most 0.30x and a Q4_0 file at most 0.17x the F32 bytes', async () => {
    const base = statSync(f32).size;
    const q8 = await ggufQuantize.apply(f32, { type: 'q8_0' }, ctx());
    const q4 = await ggufQuantize.apply(f32, { type: 'q4_0' }, ctx());
    expect(q8.fileBytes / base).to.be.at.most(0.3);
    expect(q4.fileBytes / base).to.be.at.most(0.17);
    expect(readGgufHeader(q4.path).metadata.get('general.file_type')?.value).to.equal(2);
  });

  it('writes Q8_0 and Q4_0 files that node-llama-cpp loads and generates from', async () => {
    for (const type of ['q8_0', 'q4_0'] as const) {
      const r = await ggufQuantize.apply(f32, { type }, ctx());
      const m = await loadLlamaCpp(r.path);
      try {
        const g = await m.generate('Q: 1+1= A:', { maxTokens: 4 });
        expect(g.genTokens + (g.finish === 'eos' ? 1 : 0)).to.be.greaterThan(0);
      } finally {
        await m.dispose();
      }
    }
  });

  it('rejects a file that is already quantized, naming it', async () => {
    const q8 = await ggufQuantize.apply(f32, { type: 'q8_0' }, ctx());
    const err = await rejectedInputError(ggufQuantize.apply(q8.path, { type: 'q4_0' }, ctx()), 'gguf-already-quantized');
    expect(err.message).to.contain(q8.path).and.contain('already Q8_0');
  });
});
