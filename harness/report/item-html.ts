import { PNG } from 'pngjs';
import type { ItemView } from '../results/record.js';

/** How a page shows one test item: a PNG data URI of a grey image, or a text. */
export type ShownItem = { image: string; width: number; height: number } | { text: string };

/** Times each pixel is repeated along each axis, so a 28 x 28 digit reads at a glance. */
const SCALE = 2;

/** A grey image as a PNG data URI (scaled up by {@link SCALE}, dark ink on white). */
export function greyPng(width: number, height: number, pixels: readonly number[]): string {
  const png = new PNG({ width: width * SCALE, height: height * SCALE, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  const out = Buffer.alloc(width * SCALE * height * SCALE);
  for (let y = 0; y < height * SCALE; y++) {
    for (let x = 0; x < width * SCALE; x++)
      out[y * width * SCALE + x] = 255 - (pixels[Math.floor(y / SCALE) * width + Math.floor(x / SCALE)] ?? 0);
  }
  png.data = out;
  return `data:image/png;base64,${PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false }).toString('base64')}`;
}

/** The item as a page shows it: images as PNG, a story as its text, a row as `name=value` pairs. */
export function showItem(item: ItemView): ShownItem {
  if (item.kind === 'image')
    return { image: greyPng(item.width, item.height, item.pixels), width: item.width * SCALE, height: item.height * SCALE };
  if (item.kind === 'text') return { text: item.text };
  return { text: item.values.map((v) => `${v.name}=${v.value}`).join(', ') };
}

/** The item as one line of text for downloads (an image as its size). */
export function itemText(item: ItemView | undefined): string {
  if (!item) return '';
  if (item.kind === 'image') return `${item.width}x${item.height} image`;
  if (item.kind === 'text') return item.text;
  return item.values.map((v) => `${v.name}=${v.value}`).join(' ');
}
