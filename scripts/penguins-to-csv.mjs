#!/usr/bin/env node
// Converts vega-datasets' penguins.json (an array of records) to datasets/penguins.csv,
// writing JSON nulls as NA and keeping the column order of the first record.
// Usage: node scripts/penguins-to-csv.mjs <penguins.json> [out.csv]
import { readFileSync, writeFileSync } from 'node:fs';

const [src, out = 'datasets/penguins.csv'] = process.argv.slice(2);
if (!src) {
  process.stderr.write('usage: node scripts/penguins-to-csv.mjs <penguins.json> [out.csv]\n');
  process.exit(2);
}
const rows = JSON.parse(readFileSync(src, 'utf8'));
const columns = Object.keys(rows[0]);
const field = (v) => {
  if (v === null || v === undefined) return 'NA';
  const text = String(v);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const lines = [columns.map(field).join(','), ...rows.map((r) => columns.map((c) => field(r[c])).join(','))];
writeFileSync(out, `${lines.join('\n')}\n`);
process.stdout.write(`${out}: ${rows.length} rows, ${columns.length} columns\n`);
