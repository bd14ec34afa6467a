import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../harness/errors.js';
import type { GgufFile } from '../../harness/runtimes/gguf-format.js';
import { readGguf, readGgufHeader } from '../../harness/runtimes/gguf-read.js';
import { encodeGguf, writeGguf } from '../../harness/runtimes/gguf-write.js';
import { spawnSync } from 'node:child_process';
import { inputError } from '../helpers/errors.js';
import { ROOT } from '../helpers/paths.js';

const f32Bytes = (v: number[]): Uint8Array => new Uint8Array(Float32Array.from(v).buffer);

function sample(): GgufFile {
  return {
    metadata: new Map([
      ['general.architecture', { type: 'string', value: 'llama' }],
      ['a.count', { type: 'uint32', value: 7 }],
      ['a.eps', { type: 'float32', value: 0.5 }],
      ['a.flag', { type: 'bool', value: true }],
      ['a.names', { type: 'array', itemType: 'string', value: ['x', '▁y'] }],
      ['a.ids', { type: 'array', itemType: 'int32', value: [-1, 2] }],
    ]),
    tensors: [
      { name: 'w', type: 'F32', dims: [3], data: f32Bytes([1, 2, 3]) },
      { name: 'm', type: 'F32', dims: [2, 2], data: f32Bytes([4, 5, 6, 7]) },
    ],
  };
}

describe('gguf write and read', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'gguf-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('starts the file with the GGUF magic, version 3 and the tensor and metadata counts', () => {
    const b = encodeGguf(sample());
    const v = new DataView(b.buffer, b.byteOffset);
    expect(new TextDecoder().decode(b.subarray(0, 4))).to.equal('GGUF');
    expect([v.getUint32(4, true), Number(v.getBigUint64(8, true)), Number(v.getBigUint64(16, true))]).to.deep.equal([3, 2, 6]);
  });

  it('encodes a string key as a u64 length then its bytes, followed by the value type', () => {
    const b = encodeGguf(sample());
    const v = new DataView(b.buffer, b.byteOffset);
    expect(Number(v.getBigUint64(24, true))).to.equal('general.architecture'.length);
    expect(new TextDecoder().decode(b.subarray(32, 52))).to.equal('general.architecture');
    expect(v.getUint32(52, true)).to.equal(8);
  });

  it('reads back the metadata it wrote', () => {
    const path = join(dir, 'meta.gguf');
    writeGguf(path, sample());
    const h = readGgufHeader(path);
    expect(Object.fromEntries([...h.metadata].map(([k, v]) => [k, v.value]))).to.deep.equal({
      'general.architecture': 'llama',
      'a.count': 7,
      'a.eps': 0.5,
      'a.flag': true,
      'a.names': ['x', '▁y'],
      'a.ids': [-1, 2],
    });
  });

  it('places each tensor at a 32-byte aligned offset and reads its values back', () => {
    const path = join(dir, 'tensors.gguf');
    writeGguf(path, sample());
    const f = readGguf(path);
    expect(f.header.tensors.map((t) => t.offset % 32)).to.deep.equal([0, 0]);
    expect(f.header.tensors[1].offset - f.header.tensors[0].offset).to.equal(32);
    expect([...new Float32Array(f.tensors[1].data.slice().buffer)]).to.deep.equal([4, 5, 6, 7]);
    expect(f.tensors[1].dims).to.deep.equal([2, 2]);
  });

  it('rejects a file that is not GGUF, naming it', () => {
    const path = join(dir, 'not.gguf');
    writeFileSync(path, 'hello world, this is text');
    const err = inputError(() => readGgufHeader(path), 'gguf-not-gguf');
    expect(err.message).to.contain(path).and.contain('not a GGUF file');
  });

  it('rejects a file cut inside its header as truncated', () => {
    const path = join(dir, 'cut-header.gguf');
    writeFileSync(path, encodeGguf(sample()).subarray(0, 60));
    expect(inputError(() => readGgufHeader(path), 'gguf-truncated').message)
      .to.contain(path)
      .and.contain('truncated');
  });

  it('rejects a file cut inside its tensor data as truncated', () => {
    const full = join(dir, 'full.gguf');
    writeGguf(full, sample());
    const path = join(dir, 'cut-data.gguf');
    const bytes = readFileSync(full);
    writeFileSync(path, bytes.subarray(0, bytes.length - 40));
    expect(inputError(() => readGgufHeader(path), 'gguf-truncated').message)
      .to.contain('tensor m')
      .and.contain('truncated');
  });

  it('names a missing file', () => {
    const err = inputError(() => readGgufHeader(join(dir, 'nope.gguf')), 'gguf-missing');
    expect(err).to.be.instanceOf(InputError);
    expect(err.message).to.contain('nope.gguf').and.contain('not found');
  });

  it('the fixture script writes a tiny llama GGUF of the requested type', () => {
    const path = join(dir, 'script.gguf');
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/make-tiny-gguf.mjs'), path, '2', 'F16'], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    const h = readGgufHeader(path);
    expect([
      h.metadata.get('general.architecture')?.value,
      h.metadata.get('general.file_type')?.value,
      h.metadata.get('llama.block_count')?.value,
    ]).to.deep.equal(['llama', 1, 2]);
  });

  it('refuses to encode a tensor whose byte length does not match its dims', () => {
    const bad = sample();
    bad.tensors[0].dims = [4];
    expect(() => encodeGguf(bad)).to.throw(/expected 16/);
  });
});
