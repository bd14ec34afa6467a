import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { comparisonCsv, csvField, toCsv } from '../../harness/report/csv.js';
import { loadFixture } from './helpers.js';

describe('report/csv', () => {
  it('quotes fields holding commas, quotes or line breaks and doubles the quotes', () => {
    expect([csvField('a,b'), csvField('say "hi"'), csvField('two\nlines'), csvField('plain')]).to.deep.equal([
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      'plain',
    ]);
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    expect([csvField('=SUM(A1)'), csvField('@x'), csvField(-1.5)]).to.deep.equal(["'=SUM(A1)", "'@x", '-1.5']);
  });

  it('writes missing values as empty fields and rows with CRLF', () => {
    expect(
      toCsv([
        ['a', undefined, null, 1],
        [true, NaN, '', 0],
      ]),
    ).to.equal('a,,,1\r\ntrue,,,0\r\n');
  });

  it('parses back to one row per cell with the original first and the exact values', () => {
    const record = loadFixture();
    const rows = parse(comparisonCsv(record), { columns: true }) as Record<string, string>[];
    expect(rows).to.have.length(record.cells.length);
    expect(rows[0].cell).to.equal('original');
    const failed = rows.find((r) => r.cell === 'lowrank[rank=2]')!;
    expect(failed.error).to.equal(record.cells.find((c) => c.id === 'lowrank[rank=2]')!.error);
    const q4 = rows.find((r) => r.cell === 'quantized[bits=4]')!;
    expect(Number(q4.accuracy)).to.equal(0.88);
    expect(Number(q4.compression_ratio_gzip)).to.equal(10000 / 1400);
    expect(JSON.parse(rows.find((r) => r.cell.startsWith('by-layer'))!.settings)).to.deep.equal({ sparsity: 0.5, layers: ['dense_1'] });
  });
});
