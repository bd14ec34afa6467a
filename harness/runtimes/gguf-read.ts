import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import {
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VERSION,
  VALUE_TYPE,
  alignUp,
  tensorBytes,
  tensorTypeOf,
  type GgufFile,
  type GgufTensor,
  type GgufValue,
  type ScalarType,
  type TensorType,
} from './gguf-format.js';

/** A tensor's entry in the file's table: where its data is and what it holds. */
export interface GgufTensorInfo {
  name: string;
  dims: number[];
  /** The ggml type code as stored. */
  typeCode: number;
  /** The type name when slimbench handles it (F32, F16, Q8_0, Q4_0). */
  type?: TensorType;
  /** Absolute byte offset of the data in the file. */
  offset: number;
  /** Byte length of the data, when the type is one slimbench handles. */
  byteLength?: number;
}

/** A GGUF header: metadata and tensor table, without tensor data. */
export interface GgufHeader {
  version: number;
  metadata: Map<string, GgufValue>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Absolute offset where tensor data starts. */
  dataOffset: number;
}

class Truncated extends Error {}

const VALUE_NAMES = Object.fromEntries(Object.entries(VALUE_TYPE).map(([k, v]) => [v, k])) as Record<number, keyof typeof VALUE_TYPE>;

class Cursor {
  at = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): number {
    if (this.at + n > this.bytes.length) throw new Truncated();
    const at = this.at;
    this.at += n;
    return at;
  }

  u32(): number {
    return this.view.getUint32(this.need(4), true);
  }

  u64(): number {
    const v = this.view.getBigUint64(this.need(8), true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`a length of ${v} is beyond any real file`);
    return Number(v);
  }

  string(): string {
    const n = this.u64();
    const at = this.need(n);
    return new TextDecoder().decode(this.bytes.subarray(at, at + n));
  }

  scalar(type: ScalarType): GgufValue['value'] {
    const d = this.view;
    switch (type) {
      case 'string':
        return this.string();
      case 'bool':
        return d.getUint8(this.need(1)) !== 0;
      case 'uint8':
        return d.getUint8(this.need(1));
      case 'int8':
        return d.getInt8(this.need(1));
      case 'uint16':
        return d.getUint16(this.need(2), true);
      case 'int16':
        return d.getInt16(this.need(2), true);
      case 'uint32':
        return d.getUint32(this.need(4), true);
      case 'int32':
        return d.getInt32(this.need(4), true);
      case 'float32':
        return d.getFloat32(this.need(4), true);
      case 'float64':
        return d.getFloat64(this.need(8), true);
      case 'uint64':
        return d.getBigUint64(this.need(8), true);
      case 'int64':
        return d.getBigInt64(this.need(8), true);
    }
  }

  valueType(): keyof typeof VALUE_TYPE {
    const code = this.u32();
    const name = VALUE_NAMES[code];
    if (name === undefined) throw new Error(`unknown metadata value type ${code}`);
    return name;
  }

  value(): GgufValue {
    const type = this.valueType();
    if (type !== 'array') return { type, value: this.scalar(type) } as GgufValue;
    const itemType = this.valueType();
    if (itemType === 'array') throw new Error('nested metadata arrays are not supported');
    const n = this.u64();
    const value = Array.from({ length: n }, () => this.scalar(itemType));
    return { type: 'array', itemType, value } as GgufValue;
  }
}

/**
 * Parses a GGUF header from the first bytes of a file. Throws an InputError naming `file` when
 * the bytes are not GGUF v3 or end inside the header; `{truncated: true}` tells the caller that
 * more bytes may complete it.
 */
function parseHeader(bytes: Uint8Array, file: string, fileSize: number): GgufHeader | { truncated: true } {
  const c = new Cursor(bytes);
  try {
    if (bytes.length < 4 || c.u32() !== GGUF_MAGIC) {
      throw new InputError(`${file}: not a GGUF file (it does not start with the bytes "GGUF"); give a .gguf model file`, 'gguf-not-gguf');
    }
    const version = c.u32();
    if (version !== GGUF_VERSION)
      throw new InputError(
        `${file}: GGUF version ${version}; only version 3 is read (re-convert it with a current llama.cpp)`,
        'gguf-version',
      );
    const nTensors = c.u64();
    const nKv = c.u64();
    const metadata = new Map<string, GgufValue>();
    for (let i = 0; i < nKv; i++) metadata.set(c.string(), c.value());
    const a = metadata.get('general.alignment');
    const alignment = a && a.type === 'uint32' ? a.value : GGUF_DEFAULT_ALIGNMENT;
    const raw = Array.from({ length: nTensors }, () => {
      const name = c.string();
      const dims = Array.from({ length: c.u32() }, () => c.u64());
      return { name, dims, typeCode: c.u32(), rel: c.u64() };
    });
    const dataOffset = alignUp(c.at, alignment);
    const tensors = raw.map(({ name, dims, typeCode, rel }): GgufTensorInfo => {
      const type = tensorTypeOf(typeCode);
      return { name, dims, typeCode, type, offset: dataOffset + rel, byteLength: type ? tensorBytes(type, dims) : undefined };
    });
    for (const t of tensors) {
      if (t.byteLength !== undefined && t.offset + t.byteLength > fileSize) {
        throw new InputError(
          `${file}: truncated GGUF file: tensor ${t.name} ends at byte ${t.offset + t.byteLength} but the file has ${fileSize} bytes; copy or download it again`,
          'gguf-truncated',
        );
      }
    }
    return { version, metadata, tensors, alignment, dataOffset };
  } catch (err) {
    if (err instanceof Truncated) {
      if (bytes.length < fileSize) return { truncated: true };
      throw new InputError(
        `${file}: truncated GGUF file: it ends inside the header at byte ${fileSize}; copy or download it again`,
        'gguf-truncated',
      );
    }
    if (err instanceof InputError) throw err;
    throw new InputError(`${file}: malformed GGUF header at byte ${c.at}: ${(err as Error).message}`, 'gguf-malformed');
  }
}

function readRange(fd: number, start: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, start + done);
    if (n === 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}

/**
 * Reads the header (metadata and tensor table) of the GGUF file at `path` without loading its
 * tensor data. InputError (naming the file) when it is missing, not GGUF, or truncated.
 */
export function readGgufHeader(path: string): GgufHeader {
  if (!existsSync(path))
    throw new InputError(`${path}: GGUF file not found; check the path (relative paths are resolved from the suite file)`, 'gguf-missing');
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    for (let chunk = 1 << 20; ; chunk *= 4) {
      const parsed = parseHeader(readRange(fd, 0, Math.min(chunk, size)), path, size);
      if (!('truncated' in parsed)) return parsed;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a whole GGUF file: header and the data of every tensor. InputError when a tensor has a
 * type slimbench does not handle (only F32, F16, Q8_0 and Q4_0 are read).
 */
export function readGguf(path: string): GgufFile & { header: GgufHeader } {
  const header = readGgufHeader(path);
  const fd = openSync(path, 'r');
  try {
    const tensors = header.tensors.map((t): GgufTensor => {
      if (!t.type || t.byteLength === undefined) {
        throw new InputError(
          `${path}: tensor ${t.name} has ggml type ${t.typeCode}; slimbench reads only F32, F16, Q8_0 and Q4_0 tensors (give an F32 or F16 file)`,
          'gguf-tensor-type',
        );
      }
      return { name: t.name, type: t.type, dims: t.dims, data: readRange(fd, t.offset, t.byteLength) };
    });
    return { metadata: header.metadata, tensors, header };
  } finally {
    closeSync(fd);
  }
}
