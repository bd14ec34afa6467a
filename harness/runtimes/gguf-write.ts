import { writeFileAtomic } from '../io/write-atomic.js';
import {
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VERSION,
  TENSOR_TYPES,
  VALUE_TYPE,
  alignUp,
  tensorBytes,
  type GgufFile,
  type GgufValue,
  type ScalarType,
} from './gguf-format.js';

/** Appends little-endian values to a growing byte buffer. */
class ByteSink {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.reserve(1);
    this.view.setUint8(this.length++, v);
  }

  scalar(type: ScalarType, v: number | bigint | boolean | string): void {
    if (type === 'string') return this.string(v as string);
    if (type === 'bool') return this.u8(v ? 1 : 0);
    const size = { uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, uint64: 8, int64: 8, float64: 8 }[type];
    this.reserve(size);
    const at = this.length;
    const d = this.view;
    if (type === 'uint8') d.setUint8(at, v as number);
    else if (type === 'int8') d.setInt8(at, v as number);
    else if (type === 'uint16') d.setUint16(at, v as number, true);
    else if (type === 'int16') d.setInt16(at, v as number, true);
    else if (type === 'uint32') d.setUint32(at, v as number, true);
    else if (type === 'int32') d.setInt32(at, v as number, true);
    else if (type === 'float32') d.setFloat32(at, v as number, true);
    else if (type === 'float64') d.setFloat64(at, v as number, true);
    else if (type === 'uint64') d.setBigUint64(at, BigInt(v as bigint | number), true);
    else d.setBigInt64(at, BigInt(v as bigint | number), true);
    this.length += size;
  }

  string(s: string): void {
    const bytes = new TextEncoder().encode(s);
    this.scalar('uint64', BigInt(bytes.length));
    this.bytes(bytes);
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  padTo(align: number): void {
    const n = alignUp(this.length, align) - this.length;
    for (let i = 0; i < n; i++) this.u8(0);
  }

  result(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

function writeValue(sink: ByteSink, v: GgufValue): void {
  sink.scalar('uint32', VALUE_TYPE[v.type]);
  if (v.type !== 'array') return sink.scalar(v.type, v.value);
  sink.scalar('uint32', VALUE_TYPE[v.itemType]);
  sink.scalar('uint64', BigInt(v.value.length));
  for (const item of v.value) sink.scalar(v.itemType, item);
}

/** The alignment a file's metadata asks for (`general.alignment`), or the default 32. */
export function alignmentOf(metadata: GgufFile['metadata']): number {
  const a = metadata.get('general.alignment');
  return a && a.type === 'uint32' ? a.value : GGUF_DEFAULT_ALIGNMENT;
}

/**
 * Encodes a GGUF v3 file: header, metadata in insertion order, tensor infos, then each tensor's
 * data at an offset aligned to the file's alignment. Throws when a tensor's byte length does not
 * match its type and dims (a programming error, not user input).
 */
export function encodeGguf(file: GgufFile): Uint8Array {
  const align = alignmentOf(file.metadata);
  const sink = new ByteSink();
  sink.scalar('uint32', GGUF_MAGIC);
  sink.scalar('uint32', GGUF_VERSION);
  sink.scalar('uint64', BigInt(file.tensors.length));
  sink.scalar('uint64', BigInt(file.metadata.size));
  for (const [key, value] of file.metadata) {
    sink.string(key);
    writeValue(sink, value);
  }
  let offset = 0;
  for (const t of file.tensors) {
    const expected = tensorBytes(t.type, t.dims);
    if (t.data.length !== expected)
      throw new Error(`tensor ${t.name}: ${t.data.length} bytes, expected ${expected} for ${t.type} [${t.dims.join(', ')}]`);
    sink.string(t.name);
    sink.scalar('uint32', t.dims.length);
    for (const d of t.dims) sink.scalar('uint64', BigInt(d));
    sink.scalar('uint32', TENSOR_TYPES[t.type].code);
    sink.scalar('uint64', BigInt(offset));
    offset = alignUp(offset + expected, align);
  }
  sink.padTo(align);
  for (const t of file.tensors) {
    sink.bytes(t.data);
    sink.padTo(align);
  }
  return sink.result();
}

/** Writes `file` to `path` (temp file, then rename, so a failure leaves no half-written file). Returns its bytes. */
export function writeGguf(path: string, file: GgufFile): number {
  const bytes = encodeGguf(file);
  writeFileAtomic(path, bytes);
  return bytes.length;
}
