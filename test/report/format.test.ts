import { expect } from 'chai';
import { bytes, ms, pValue, pct, pts, si, times } from '../../harness/report/format.js';

describe('report/format', () => {
  it('writes shares as percentages and differences as signed points', () => {
    expect([pct(0.91567), pts(-0.0031), pts(0.012), pts(0), pts(-0.00001)]).to.deep.equal([
      '91.57%',
      '-0.31 pts',
      '+1.20 pts',
      '0.00 pts',
      '0.00 pts',
    ]);
  });

  it('writes sizes in decimal units and counts with SI suffixes', () => {
    expect([bytes(999), bytes(17280), bytes(2_500_000), si(7600), si(1_234_567), si(760)]).to.deep.equal([
      '999 B',
      '17.3 kB',
      '2.5 MB',
      '7.6k',
      '1.2M',
      '760',
    ]);
  });

  it('writes ratios, p-values and times readably', () => {
    expect([times(1.6667), times(10), pValue(2.9e-8), pValue(0.04321), ms(0.5), ms(14.2)]).to.deep.equal([
      '1.67x',
      '10.0x',
      '< 1e-6',
      '0.0432',
      '500 µs',
      '14.20 ms',
    ]);
  });

  it('shows a dash for a missing value', () => {
    expect([pct(undefined), bytes(null), times(NaN)]).to.deep.equal(['–', '–', '–']);
  });
});
