import { InputError } from '../errors.js';

/** A NumPy array read from `.npy` bytes: values as float64 (exact for every supported dtype up to 2^53), and its shape. */
export interface NpyArray {
  dtype: string;
  shape: number[];
  values: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Element readers by dtype kind and byte width (`f4`, `i8`, `b1`, ...). */
const READERS: Record<string, (v: DataView, o: number, le: boolean) => number> = {
  f4: (v, o, le) => v.getFloat32(o, le),
  f8: (v, o, le) => v.getFloat64(o, le),
  i1: (v, o) => v.getInt8(o),
  i2: (v, o, le) => v.getInt16(o, le),
  i4: (v, o, le) => v.getInt32(o, le),
  i8: (v, o, le) => Number(v.getBigInt64(o, le)),
  u1: (v, o) => v.getUint8(o),
  u2: (v, o, le) => v.getUint16(o, le),
  u4: (v, o, le) => v.getUint32(o, le),
  u8: (v, o, le) => Number(v.getBigUint64(o, le)),
  b1: (v, o) => (v.getUint8(o) ? 1 : 0),
};

/** The dtypes `.npy` inputs may have. */
export const NPY_DTYPES = Object.keys(READERS);

/**
 * Parses the bytes of a `.npy` file (format versions 1-3): the header's `descr`, `fortran_order`
 * and `shape`, then the C-order data. `where` names the file in every error.
 */
export function parseNpy(bytes: Uint8Array, where: string): NpyArray {
  const fix = 'save it with numpy.save (or numpy.savez for several arrays)';
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new InputError(`${where}: not a NumPy .npy file (no \\x93NUMPY magic at the start); ${fix}`, 'npy-bad-magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3)
    throw new InputError(`${where}: .npy format version ${major}.${bytes[7]} is not supported (1, 2 or 3 are); ${fix}`, 'npy-version');
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length)
    throw new InputError(
      `${where}: the .npy header is cut off (file of ${bytes.length} bytes); the file is truncated — ${fix}`,
      'npy-truncated',
    );
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new InputError(`${where}: the .npy header '${header.trim()}' lacks descr, fortran_order or shape; ${fix}`, 'npy-bad-header');
  }
  if (fortran === 'True') {
    throw new InputError(
      `${where}: the array is stored in Fortran (column-major) order; save it in C order: numpy.save(path, numpy.ascontiguousarray(a))`,
      'npy-fortran-order',
    );
  }
  const m = /^([<>|=])?([fiub])(\d+)$/.exec(descr);
  const key = m ? `${m[2]}${m[3]}` : '';
  if (!m || !Object.hasOwn(READERS, key)) {
    throw new InputError(
      `${where}: dtype '${descr}' is not supported; supported: ${NPY_DTYPES.join(', ')} — convert with a.astype('float32') before saving`,
      'npy-dtype',
    );
  }
  const shape = shapeText
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map(Number);
  const size = Number(m[3]);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = start + headerLen;
  if (bytes.length - dataStart < count * size) {
    throw new InputError(
      `${where}: shape (${shape.join(', ')}) of '${descr}' needs ${count * size} data bytes but the file has ${bytes.length - dataStart}; the file is truncated — ${fix}`,
      'npy-truncated',
    );
  }
  const read = READERS[key];
  const le = m[1] !== '>';
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = read(view, dataStart + i * size, le);
  return { dtype: descr, shape, values };
}
