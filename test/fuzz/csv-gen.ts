import fc from 'fast-check';
import { HOSTILE_KEYS } from './mutate.js';

/** Cell texts that break numeric parsing, quoting or encodings. */
const HOSTILE_CELLS = [
  '',
  ' ',
  'NaN',
  'nan',
  'NA',
  '?',
  'null',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '1e308',
  '-1e308',
  '5e-324',
  '-0',
  '0x1F',
  '1,5',
  '"1,5"',
  '"',
  '"unterminated',
  '""',
  "'",
  'abc',
  '\uFEFF1',
  '\u00001',
  '1 2',
  ' 3 ',
  '+7',
  '.5',
  '5.',
  '1_000',
  '١٢',
  ...HOSTILE_KEYS,
];

interface Table {
  header: string[];
  rows: string[][];
}

/** A numeric table with a label column: the valid shape most edits start from. */
const table: fc.Arbitrary<Table> = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 2, max: 4 }))
  .chain(([features, labelAt, rows, classes]) => {
    const header = Array.from({ length: features }, (_, i) => `f${i}`);
    header.splice(Math.min(labelAt, features), 0, 'label');
    const cell = fc.double({ min: -100, max: 100, noNaN: true }).map((v) => String(Math.round(v * 1000) / 1000));
    const label = fc.constantFrom(...['a', 'b', 'c', 'd'].slice(0, classes));
    const row = fc.tuple(fc.array(cell, { minLength: features, maxLength: features }), label).map(([cells, l]) => {
      const r = [...cells];
      r.splice(header.indexOf('label'), 0, l);
      return r;
    });
    return fc.array(row, { minLength: rows, maxLength: rows }).map((rs) => ({ header, rows: rs }));
  });

/** One edit of a table: a hostile cell or header name, a ragged, blank or repeated row. */
type TableEdit =
  | { op: 'cell'; row: number; col: number; text: string }
  | { op: 'header'; col: number; text: string }
  | { op: 'drop-cell' | 'add-cell' | 'blank-row' | 'repeat-row' | 'drop-row'; row: number; col: number };

const tableEdit: fc.Arbitrary<TableEdit> = fc.oneof(
  fc.record({
    op: fc.constant('cell' as const),
    row: fc.nat(),
    col: fc.nat(),
    text: fc.oneof(fc.constantFrom(...HOSTILE_CELLS), fc.string({ maxLength: 5 })),
  }),
  fc.record({
    op: fc.constant('header' as const),
    col: fc.nat(),
    text: fc.constantFrom('label', 'f0', '', ' label', 'LABEL', ...HOSTILE_KEYS),
  }),
  fc.record({
    op: fc.constantFrom('drop-cell' as const, 'add-cell' as const, 'blank-row' as const, 'repeat-row' as const, 'drop-row' as const),
    row: fc.nat(),
    col: fc.nat(),
  }),
);

function applyTableEdit(t: Table, e: TableEdit): void {
  if (e.op === 'header') {
    if (t.header.length > 0) t.header[e.col % t.header.length] = e.text;
    return;
  }
  if (t.rows.length === 0) return;
  const r = e.row % t.rows.length;
  const row = t.rows[r];
  const c = row.length > 0 ? e.col % row.length : 0;
  if (e.op === 'cell' && row.length > 0) row[c] = e.text;
  else if (e.op === 'drop-cell') row.splice(c, 1);
  else if (e.op === 'add-cell') row.splice(c, 0, '1');
  else if (e.op === 'blank-row') t.rows.splice(r, 0, []);
  else if (e.op === 'repeat-row') t.rows.splice(r, 0, [...row]);
  else if (e.op === 'drop-row') t.rows.splice(r, 1);
}

/** How the table becomes bytes: BOM, line ending, final newline, a cut at the end. */
const encoding = fc.record({ bom: fc.boolean(), crlf: fc.boolean(), finalNewline: fc.boolean(), cut: fc.nat(40) });

/** CSV text: a numeric table with a label column, edited, then encoded. */
export const csvText = fc.tuple(table, fc.array(tableEdit, { maxLength: 4 }), encoding).map(([t, list, enc]) => {
  const copy = { header: [...t.header], rows: t.rows.map((r) => [...r]) };
  for (const e of list) applyTableEdit(copy, e);
  const nl = enc.crlf ? '\r\n' : '\n';
  const text = [copy.header, ...copy.rows].map((r) => r.join(',')).join(nl) + (enc.finalNewline ? nl : '');
  const cut = enc.cut > 35 ? text.slice(0, Math.max(0, text.length - (enc.cut - 35) * 3)) : text;
  return (enc.bom ? '\uFEFF' : '') + cut;
});
