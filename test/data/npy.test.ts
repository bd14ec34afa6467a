import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { loadNpy, npySettings } from '../../harness/data/npy.js';
import { parseNpy } from '../../harness/data/npy-parse.js';
import { inputError } from '../helpers/errors.js';
import { fixture } from '../helpers/paths.js';

const dir = fixture('npy');
const load = (extra: Record<string, unknown>) => loadNpy(npySettings.parse({ testFraction: 0.25, ...extra }), 1, dir);
const parse = (file: string) => parseNpy(readFileSync(`${dir}/${file}`), file);
/** The fixture's value at row r, position p (written by scripts/make-npy-fixture.py). */
const value = (r: number, p: number) => r * 10 + p;

describe('data/npy', () => {
  it('reads a float32 .npy file with its shape', () => {
    const a = parse('x-f4.npy');
    expect(a.shape).to.deep.equal([12, 2, 3]);
    expect(Array.from(a.values.subarray(6, 12))).to.deep.equal([10, 11, 12, 13, 14, 15]);
  });

  it('reads big-endian float64 values exactly', () => {
    expect(Array.from(parse('x-f8-big-endian.npy').values)).to.deep.equal(Array.from(parse('x-f4.npy').values));
  });

  it('reads unsigned bytes, signed 16-bit integers and booleans', () => {
    expect(parse('x-u1.npy').values[2 * 6 + 3]).to.equal(value(2, 3));
    expect(parse('x-i2.npy').values[0]).to.equal(-50);
    expect(Array.from(parse('x-bool.npy').values.subarray(0, 4))).to.deep.equal([0, 1, 0, 1]);
  });

  it('reads 64-bit integer labels', () => {
    expect(Array.from(parse('y-i8.npy').values.subarray(0, 4))).to.deep.equal([0, 1, 2, 0]);
  });

  it('rejects a Fortran-order array and says how to save it in C order', () => {
    expect(inputError(() => parse('x-fortran.npy'), 'npy-fortran-order').message).to.match(
      /x-fortran\.npy: .*Fortran .*numpy\.ascontiguousarray/,
    );
  });

  it('rejects an unsupported dtype naming the supported ones', () => {
    expect(inputError(() => parse('x-complex.npy'), 'npy-dtype').message).to.match(
      /x-complex\.npy: dtype '<c8' is not supported; supported: f4, f8, i1/,
    );
  });

  it('rejects a truncated file naming the bytes it needs', () => {
    expect(inputError(() => parse('x-truncated.npy'), 'npy-truncated').message).to.match(
      /x-truncated\.npy: shape \(12, 2, 3\) of '<f4' needs 288 data bytes but the file has 281; the file is truncated/,
    );
  });

  it('loads inputs and labels from two .npy files, keeping every row once', () => {
    const ds = load({ file: 'x-f4.npy', labels: 'y-i8.npy' });
    expect(ds.inputShape).to.deep.equal([2, 3]);
    expect(ds.classNames).to.deep.equal(['0', '1', '2']);
    expect(ds.train.n + ds.test.n).to.equal(12);
    for (const s of [ds.train, ds.test]) {
      for (let i = 0; i < s.n; i++) {
        const r = s.x[i * 6] / 10;
        expect(s.y[i]).to.equal(r % 3);
        expect(Array.from(s.x.subarray(i * 6, i * 6 + 6))).to.deep.equal([0, 1, 2, 3, 4, 5].map((p) => value(r, p)));
      }
    }
  });

  it('loads an .npz archive, stored or deflated, exactly like the .npy files', () => {
    const npy = load({ file: 'x-f4.npy', labels: 'y-i8.npy' });
    for (const file of ['xy.npz', 'xy-compressed.npz']) {
      const npz = load({ file, labels: 'y' });
      expect(Array.from(npz.test.x)).to.deep.equal(Array.from(npy.test.x));
      expect(Array.from(npz.train.y)).to.deep.equal(Array.from(npy.train.y));
    }
  });

  it('marks a dataset without labels as label-free', () => {
    const ds = load({ file: 'xy.npz' });
    expect(ds.labeled).to.equal(false);
    expect(ds.classNames).to.deep.equal([]);
  });

  it('rejects an .npz array name the archive lacks, listing its arrays', () => {
    expect(inputError(() => load({ file: 'xy.npz', labels: 'labels' }), 'npz-no-array').message).to.match(
      /xy\.npz: no array 'labels' \(the dataset's 'labels'\); arrays in the archive: x, y/,
    );
  });

  it('rejects labels whose row count differs from the inputs', () => {
    expect(inputError(() => load({ file: 'x-u1.npy', labels: 'x-f4.npy' }), 'npy-labels').message).to.match(
      /x-f4\.npy: labels of shape \(12, 2, 3\) for 12 input rows/,
    );
  });
});
