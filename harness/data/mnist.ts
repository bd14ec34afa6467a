import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { stratifiedSplit, stratifiedSubset } from './split.js';
import type { Dataset, Split } from './types.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** Settings of the `mnist` source: the 10,000 handwritten digits shipped by the `mnist` package. */
export const mnistSettings = z
  .object({
    testFraction: z.number().gt(0).lt(1).default(0.2).describe('share of digits held out for testing, per class'),
    limit: z.number().int().min(20).max(10_000).optional().describe('use a stratified subset of this many digits'),
  })
  .strict();
export type MnistSettings = z.infer<typeof mnistSettings>;

/** All digits in file order (class 0 first): pixels in [0, 1], row-major 28×28. */
export interface MnistDigits {
  pixels: Float32Array;
  labels: Int32Array;
  n: number;
  /** sha256 over the ten JSON files' bytes. */
  hash: string;
}

let cached: MnistDigits | undefined;

/** Reads (once per process) the digits from `mnist/src/digits/<d>.json`. */
export function readMnistDigits(): MnistDigits {
  if (cached) return cached;
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  const hash = createHash('sha256');
  const perDigit: number[][] = [];
  for (let d = 0; d < 10; d++) {
    const bytes = readFileSync(join(dir, `${d}.json`));
    hash.update(bytes);
    const data = (JSON.parse(bytes.toString('utf8')) as { data: number[] }).data;
    if (data.length % PIXELS !== 0) throw new Error(`mnist: ${d}.json holds ${data.length} values, not a multiple of ${PIXELS}`);
    perDigit.push(data);
  }
  const n = perDigit.reduce((a, d) => a + d.length / PIXELS, 0);
  const pixels = new Float32Array(n * PIXELS);
  const labels = new Int32Array(n);
  let row = 0;
  perDigit.forEach((data, d) => {
    pixels.set(data, row * PIXELS);
    labels.fill(d, row, row + data.length / PIXELS);
    row += data.length / PIXELS;
  });
  cached = { pixels, labels, n, hash: hash.digest('hex') };
  return cached;
}

/** Loads the digits as a {@link Dataset} of shape [28, 28, 1] with a seeded stratified split. */
export function loadMnist(settings: MnistSettings, seed: number): Dataset {
  const s = mnistSettings.parse(settings);
  const digits = readMnistDigits();
  let { train, test } = stratifiedSplit(digits.labels, s.testFraction, seed);
  if (s.limit) {
    const keepTrain = Math.round(s.limit * (1 - s.testFraction));
    train = stratifiedSubset(train, digits.labels, keepTrain, seed);
    test = stratifiedSubset(test, digits.labels, s.limit - keepTrain, seed);
  }
  const rows = (idx: number[]): Split => {
    const x = new Float32Array(idx.length * PIXELS);
    idx.forEach((r, i) => x.set(digits.pixels.subarray(r * PIXELS, (r + 1) * PIXELS), i * PIXELS));
    return { x, y: Int32Array.from(idx, (r) => digits.labels[r]), n: idx.length };
  };
  const featureNames: string[] = [];
  for (let r = 0; r < SIDE; r++) for (let c = 0; c < SIDE; c++) featureNames.push(`r${r}c${c}`);
  return {
    name: 'mnist',
    hash: createHash('sha256')
      .update(digits.hash)
      .update(JSON.stringify({ ...s, seed }))
      .digest('hex'),
    inputShape: [SIDE, SIDE, 1],
    inputKind: 'float',
    featureNames,
    classNames: '0123456789'.split(''),
    train: rows(train),
    test: rows(test),
  };
}
