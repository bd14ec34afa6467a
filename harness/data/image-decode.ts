import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { InputError } from '../errors.js';

/** A decoded image: 8-bit RGBA pixels, row-major. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** File name endings the `images` source reads. */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'];

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

/** Decodes PNG (pngjs) or JPEG (jpeg-js) bytes, told apart by their first bytes; errors name `where`. */
export function decodeImage(bytes: Buffer, where: string): RgbaImage {
  const isPng = PNG_MAGIC.every((b, i) => bytes[i] === b);
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if (!isPng && !isJpeg)
    throw new InputError(
      `${where}: neither a PNG nor a JPEG file (by its first bytes); convert it to PNG or JPEG, or remove it from the folder`,
      'image-format',
    );
  try {
    if (isPng) {
      const png = pngjs.PNG.sync.read(bytes);
      return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    return { width: img.width, height: img.height, rgba: img.data };
  } catch (err) {
    throw new InputError(
      `${where}: cannot decode the ${isPng ? 'PNG' : 'JPEG'} file (${(err as Error).message}); the file is damaged or truncated — re-export it`,
      'image-decode',
    );
  }
}

/**
 * Channels of an image as floats in [0, 255], row-major `[h, w, channels]`: RGB, or for one
 * channel the ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B). Alpha is dropped.
 */
export function imageChannels(img: RgbaImage, channels: 1 | 3): Float32Array {
  const n = img.width * img.height;
  const out = new Float32Array(n * channels);
  for (let i = 0; i < n; i++) {
    const r = img.rgba[i * 4];
    const g = img.rgba[i * 4 + 1];
    const b = img.rgba[i * 4 + 2];
    if (channels === 1) out[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    else out.set([r, g, b], i * 3);
  }
  return out;
}

/**
 * Bilinear resize of `[h, w, c]` floats to `[outH, outW, c]` with half-pixel centres (as
 * `tf.image.resizeBilinear(..., alignCorners=false, halfPixelCenters=true)` and PIL do).
 */
export function resizeBilinear(src: Float32Array, h: number, w: number, c: number, outH: number, outW: number): Float32Array {
  if (h === outH && w === outW) return src;
  const out = new Float32Array(outH * outW * c);
  for (let y = 0; y < outH; y++) {
    const sy = Math.min(Math.max(((y + 0.5) * h) / outH - 0.5, 0), h - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, h - 1);
    const fy = sy - y0;
    for (let x = 0; x < outW; x++) {
      const sx = Math.min(Math.max(((x + 0.5) * w) / outW - 0.5, 0), w - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, w - 1);
      const fx = sx - x0;
      for (let k = 0; k < c; k++) {
        const top = src[(y0 * w + x0) * c + k] * (1 - fx) + src[(y0 * w + x1) * c + k] * fx;
        const bottom = src[(y1 * w + x0) * c + k] * (1 - fx) + src[(y1 * w + x1) * c + k] * fx;
        out[(y * outW + x) * c + k] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}
