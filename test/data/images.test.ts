import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { decodeImage, resizeBilinear } from '../../harness/data/image-decode.js';
import { imagesSettings, loadImages } from '../../harness/data/images.js';
import { readMnistDigits } from '../../harness/data/mnist.js';
import { inputError } from '../helpers/errors.js';
import { fixture } from '../helpers/paths.js';

const root = fixture('images');
const load = (extra: Record<string, unknown>) => loadImages(imagesSettings.parse({ testFraction: 0.25, ...extra }), 1, root);

describe('data/images', () => {
  it('decodes an RGB PNG to its exact pixel values', () => {
    const img = decodeImage(readFileSync(`${root}/colours/quad.png`), 'quad.png');
    expect([img.width, img.height]).to.deep.equal([2, 2]);
    expect(Array.from(img.rgba)).to.deep.equal([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
  });

  it('resizes bilinearly with half-pixel centres', () => {
    // 1x2 → 1x4: output centres at source x = -0.25, 0.25, 0.75, 1.25 → clamped 0, 0.25, 0.75, 1.
    expect(Array.from(resizeBilinear(Float32Array.from([0, 100]), 1, 2, 1, 1, 4))).to.deep.equal([0, 25, 75, 100]);
  });

  it('reads one class per subfolder, labels sorted, pixels scaled to [0, 1]', () => {
    const ds = load({ dir: 'digits', channels: 1 });
    expect(ds.classNames).to.deep.equal(['0', '1', '7']);
    expect(ds.inputShape).to.deep.equal([28, 28, 1]);
    expect(ds.train.n + ds.test.n).to.equal(36);
    const all = [...ds.train.x, ...ds.test.x];
    expect(Math.min(...all)).to.equal(0);
    expect(Math.max(...all)).to.equal(1);
  });

  it('gives each digit the pixels of the mnist digit it was rendered from', () => {
    const ds = load({ dir: 'digits', channels: 1 });
    const first0 = readMnistDigits().pixels.subarray(0, 784);
    const rows = [ds.train, ds.test].flatMap((s) => Array.from({ length: s.n }, (_, i) => s.x.subarray(i * 784, (i + 1) * 784)));
    const match = rows.filter((r) => r.every((v, j) => Math.abs(v - first0[j]) <= 0.5 / 255 + 1e-6));
    expect(match).to.have.length(1);
  });

  it('takes labels from a file,label CSV', () => {
    const ds = load({ dir: 'digits', labels: 'digits-labels.csv', channels: 1 });
    expect(ds.classNames).to.deep.equal(['digit-0', 'digit-1', 'digit-7']);
    expect(ds.train.n + ds.test.n).to.equal(36);
  });

  it("marks a folder read with 'labels: none' as label-free and keeps every image", () => {
    const ds = load({ dir: 'digits', labels: 'none', channels: 1 });
    expect(ds.labeled).to.equal(false);
    expect(ds.classNames).to.deep.equal([]);
    expect(ds.train.n + ds.test.n).to.equal(36);
  });

  it('decodes a JPEG digit close to its PNG original', () => {
    const png = decodeImage(readFileSync(`${root}/digits/7/00.png`), '00.png');
    const jpg = decodeImage(readFileSync(`${root}/jpeg/7/0.jpg`), '0.jpg');
    expect([jpg.width, jpg.height]).to.deep.equal([28, 28]);
    let diff = 0;
    for (let i = 0; i < png.rgba.length; i += 4) diff += Math.abs(png.rgba[i] - jpg.rgba[i]);
    expect(diff / (28 * 28)).to.be.below(8);
  });

  it('applies scale, mean and std per channel, then lays out channels first for nchw', () => {
    const ds = load({
      dir: 'colours',
      labels: 'none',
      size: [2, 2],
      scale: 1,
      mean: [255, 0, 0],
      std: [1, 1, 255],
      layout: 'nchw',
      testFraction: 0.5,
    });
    expect(ds.inputShape).to.deep.equal([3, 2, 2]);
    const quad = [ds.train, ds.test]
      .flatMap((s) => Array.from({ length: s.n }, (_, i) => Array.from(s.x.subarray(i * 12, (i + 1) * 12))))
      .find((r) => r[0] === 0 && r[1] === -255)!;
    // R − 255 (red, green / blue, white), G, B / 255.
    expect(quad).to.deep.equal([0, -255, -255, 0, 0, 255, 0, 255, 0, 0, 1, 1]);
  });

  it('rejects images of different sizes without a size setting, naming both and the fix', () => {
    expect(inputError(() => load({ dir: 'colours', labels: 'none' }), 'images-size').message).to.match(
      /ramp\.png: 4x4 pixels, but .*quad\.png is 2x2; set the dataset's 'size: \[h, w\]'/,
    );
  });

  it('rejects a folder without class subfolders, naming the other label modes', () => {
    expect(inputError(() => load({ dir: 'colours' }), 'images-no-classes').message).to.match(
      /colours: no subfolders; .*'labels: none' or a CSV/,
    );
  });

  it('rejects a file that is not an image, naming it', () => {
    expect(inputError(() => decodeImage(Buffer.from('GIF89a'), 'x.png'), 'image-format').message).to.match(
      /x\.png: neither a PNG nor a JPEG/,
    );
  });

  it('rejects a mean with a value count that fits neither one nor every channel', () => {
    expect(imagesSettings.safeParse({ dir: 'd', channels: 3, mean: [0.5, 0.5] }).success).to.equal(false);
  });
});
