import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { readRecord } from '../results/store.js';
import { writeFileAtomic } from '../results/store.js';
import type { RunRecord } from '../results/record.js';
import { accuracyVsSize } from './charts.js';
import { renderSvg } from './render-svg.js';
import { TABLE_COLUMNS, tableRows } from './table.js';

const TEMPLATES = new URL('../../../harness/report/templates/', import.meta.url);

/** Every run record path under the given files or folders (folders searched recursively). */
export function findRecords(inputs: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name === 'artifacts' || name === 'predictions') continue;
        walk(join(p, name));
      }
    } else if (p.endsWith('.json')) out.push(p);
  };
  for (const i of inputs) walk(i);
  return out;
}

/** Builds the static report site from run records; returns the index page path. */
export async function buildSite(inputs: string[], opts: { outDir: string }): Promise<{ index: string }> {
  const records: RunRecord[] = findRecords(inputs).map(readRecord);
  const template = Handlebars.compile(readFileSync(new URL('index.hbs', TEMPLATES), 'utf8'));
  const runs = [];
  for (const record of records) {
    const spec = accuracyVsSize(record);
    runs.push({ ...record, rows: tableRows(record), charts: [{ title: spec.title, svg: await renderSvg(spec) }] });
  }
  const index = join(opts.outDir, 'index.html');
  writeFileAtomic(index, template({ runs, columns: TABLE_COLUMNS }));
  return { index };
}
