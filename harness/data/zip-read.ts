import { inflateRawSync } from 'node:zlib';
import { InputError } from '../errors.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
const FULL = 0xffffffff;

/**
 * The entries of a zip archive (as `numpy.savez` / `savez_compressed` write them: stored or
 * deflated, zip64 extra fields allowed), by name. Sizes and offsets come from the central
 * directory, so entries written with data descriptors read too.
 */
export function readZip(bytes: Buffer, where: string): Map<string, Buffer> {
  const fix = 'write it again with numpy.savez';
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    throw new InputError(
      `${where}: not a zip archive (no end-of-directory record); an .npz file is truncated or is not one — ${fix}`,
      'npz-not-zip',
    );
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let e = 0; e < count; e++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL)
      throw new InputError(`${where}: damaged zip directory at byte ${p}; ${fix}`, 'npz-bad-zip');
    const method = bytes.readUInt16LE(p + 10);
    let compressed = bytes.readUInt32LE(p + 20);
    let size = bytes.readUInt32LE(p + 24);
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    let offset = bytes.readUInt32LE(p + 42);
    const name = bytes.toString('utf8', p + 46, p + 46 + nameLen);
    // Zip64: the fields that read 0xffffffff follow in the extra field, in this order.
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
      const id = bytes.readUInt16LE(x);
      const len = bytes.readUInt16LE(x + 2);
      if (id === ZIP64_EXTRA) {
        let q = x + 4;
        if (size === FULL) {
          size = Number(bytes.readBigUInt64LE(q));
          q += 8;
        }
        if (compressed === FULL) {
          compressed = Number(bytes.readBigUInt64LE(q));
          q += 8;
        }
        if (offset === FULL) offset = Number(bytes.readBigUInt64LE(q));
      }
      x += 4 + len;
    }
    p += 46 + nameLen + extraLen + commentLen;
    if (offset + 30 > bytes.length || bytes.readUInt32LE(offset) !== LOCAL)
      throw new InputError(`${where}: entry '${name}' points outside the file; the archive is truncated — ${fix}`, 'npz-truncated');
    const start = offset + 30 + bytes.readUInt16LE(offset + 26) + bytes.readUInt16LE(offset + 28);
    if (start + compressed > bytes.length)
      throw new InputError(`${where}: entry '${name}' is cut off; the archive is truncated — ${fix}`, 'npz-truncated');
    const raw = bytes.subarray(start, start + compressed);
    if (method === 0) out.set(name, raw);
    else if (method === 8) {
      try {
        out.set(name, inflateRawSync(raw));
      } catch (err) {
        throw new InputError(
          `${where}: entry '${name}' does not inflate (${(err as Error).message}); the archive is damaged — ${fix}`,
          'npz-bad-zip',
        );
      }
    } else
      throw new InputError(
        `${where}: entry '${name}' uses zip compression method ${method}; only stored (0) and deflate (8) are read — ${fix}`,
        'npz-method',
      );
    if (out.get(name)!.length !== size)
      throw new InputError(
        `${where}: entry '${name}' inflates to ${out.get(name)!.length} bytes, not ${size}; the archive is damaged — ${fix}`,
        'npz-bad-zip',
      );
  }
  return out;
}
