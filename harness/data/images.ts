import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { indexLabels, splitRows } from './assemble.js';
import { decodeImage, imageChannels, resizeBilinear } from './image-decode.js';
import { listImages } from './images-list.js';
import { imagesSettings, type ImagesSettings } from './images-settings.js';
import type { Dataset } from './types.js';

export { imagesSettings, type ImagesSettings };

/** Loads a folder of PNG / JPEG images as a {@link Dataset} of shape `[h, w, c]` (or `[c, h, w]` for `nchw`). */
export function loadImages(settings: ImagesSettings, seed: number, baseDir = '.'): Dataset {
  const s = imagesSettings.parse(settings);
  const c = s.channels;
  const mean = perChannel(s.mean, c, 'mean');
  const std = perChannel(s.std, c, 'std');
  if (std.some((v) => v === 0))
    throw new InputError(`dataset 'std': ${JSON.stringify(s.std)} has a zero; every std must be non-zero`, 'images-std');
  const list = listImages(s.dir, s.labels, baseDir);
  const root = resolve(baseDir, s.dir);
  const hash = createHash('sha256');
  let size = s.size;
  let first = '';
  const pixels: Float32Array[] = [];
  for (const file of list.files) {
    const bytes = readFileSync(file);
    // Paths relative to the folder, so the hash (and paired comparisons keyed on it) is the same on every machine.
    hash.update(relative(root, file)).update(bytes);
    const img = decodeImage(bytes, file);
    if (!size) [size, first] = [[img.height, img.width], file];
    else if (!s.size && (img.height !== size[0] || img.width !== size[1])) {
      throw new InputError(
        `${file}: ${img.height}x${img.width} pixels, but ${first} is ${size[0]}x${size[1]}; set the dataset's 'size: [h, w]' to resize every image`,
        'images-size',
      );
    }
    pixels.push(normalize(resizeBilinear(imageChannels(img, c), img.height, img.width, c, size[0], size[1]), s, mean, std));
  }
  const [h, w] = size!;
  const width = h * w * c;
  const x = new Float32Array(pixels.length * width);
  pixels.forEach((p, i) => x.set(s.layout === 'nchw' ? toChw(p, h, w, c) : p, i * width));
  const labelled = list.labels ? indexLabels(list.labels) : undefined;
  const { train, test } = splitRows({ x, n: pixels.length, width, y: labelled?.y }, s.testFraction, seed, s.limit);
  const featureNames: string[] = [];
  for (let i = 0; i < width; i++) featureNames.push(`p${i}`);
  return {
    name: `images:${s.dir}`,
    hash: hash.update(JSON.stringify({ ...s, dir: undefined, labels: list.labels ?? s.labels, seed })).digest('hex'),
    inputShape: s.layout === 'nchw' ? [c, h, w] : [h, w, c],
    inputKind: 'float',
    featureNames,
    classNames: labelled?.classNames ?? [],
    ...(labelled ? {} : { labeled: false as const }),
    train,
    test,
  };
}

function perChannel(v: number | number[], c: number, name: string): number[] {
  if (typeof v === 'number') return new Array(c).fill(v);
  if (v.length === 1) return new Array(c).fill(v[0]);
  if (v.length !== c)
    throw new InputError(
      `dataset '${name}': ${v.length} values for ${c} channel${c > 1 ? 's' : ''}; give one value, or one per channel`,
      'images-per-channel',
    );
  return v;
}

function normalize(p: Float32Array, s: ImagesSettings, mean: number[], std: number[]): Float32Array {
  const c = mean.length;
  for (let i = 0; i < p.length; i++) p[i] = (p[i] * s.scale - mean[i % c]) / std[i % c];
  return p;
}

function toChw(p: Float32Array, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(p.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) out[k * h * w + y * w + x] = p[(y * w + x) * c + k];
  return out;
}
