import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { loadMnist, mnistSettings, readMnistDigits } from '../../harness/data/mnist.js';
import type { Dataset, Split } from '../../harness/data/types.js';

/** Digits per class in the `mnist` package's JSON files. */
const PER_CLASS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
const PIXELS = 784;

const load = (extra: Record<string, unknown> = {}, seed = 1): Dataset => loadMnist(mnistSettings.parse(extra), seed);

function counts(split: Split): number[] {
  const c = new Array<number>(10).fill(0);
  for (const y of split.y) c[y]++;
  return c;
}

/** sha1 of each row's pixels, with its label. */
function fingerprints(x: Float32Array, y: ArrayLike<number>, n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    createHash('sha1')
      .update(x.subarray(i * PIXELS, (i + 1) * PIXELS))
      .update(String(y[i]))
      .digest('hex'),
  );
}

describe('data/mnist', () => {
  it('reads the 10,000 digits of the package, ten classes with their known counts', () => {
    const digits = readMnistDigits();
    expect(digits.n).to.equal(10_000);
    const c = new Array<number>(10).fill(0);
    for (const y of digits.labels) c[y]++;
    expect(c).to.deep.equal(PER_CLASS);
  });

  it('gives images of shape [28, 28, 1] with values in [0, 1]', () => {
    const ds = load();
    expect(ds.inputShape).to.deep.equal([28, 28, 1]);
    expect(ds.inputKind).to.equal('float');
    expect(ds.featureNames).to.have.length(PIXELS);
    expect(ds.classNames).to.deep.equal(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    let min = Infinity;
    let max = -Infinity;
    for (const v of ds.train.x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).to.equal(0);
    expect(max).to.equal(1);
  });

  it('splits every digit into exactly one part', () => {
    const ds = load();
    const digits = readMnistDigits();
    const all = fingerprints(digits.pixels, digits.labels, digits.n).sort();
    const parts = [...fingerprints(ds.train.x, ds.train.y, ds.train.n), ...fingerprints(ds.test.x, ds.test.y, ds.test.n)].sort();
    expect(parts).to.deep.equal(all);
  });

  it('holds out testFraction of each class', () => {
    const ds = load({ testFraction: 0.2 });
    expect(counts(ds.test)).to.deep.equal(PER_CLASS.map((n) => Math.round(n * 0.2)));
  });

  it('takes a stratified subset of about limit digits (rounded per class)', () => {
    const ds = load({ limit: 1000, testFraction: 0.2 });
    expect(ds.train.n).to.be.closeTo(800, 5);
    expect(ds.test.n).to.be.closeTo(200, 5);
    for (const [i, c] of counts(ds.train).entries()) expect(c).to.be.closeTo(PER_CLASS[i] * 0.08, 1);
  });

  it('gives the same split and hash for the same seed and a different one for another seed', () => {
    const a = load({ limit: 200 }, 3);
    const b = load({ limit: 200 }, 3);
    const c = load({ limit: 200 }, 4);
    expect(Array.from(a.test.x)).to.deep.equal(Array.from(b.test.x));
    expect(a.hash).to.equal(b.hash);
    expect(Array.from(a.test.x)).to.not.deep.equal(Array.from(c.test.x));
    expect(a.hash).to.not.equal(c.hash);
  });
});
