import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { InputError } from '../errors.js';
import type { RunRecord } from '../results/record.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { readRecord } from '../results/store.js';
import { TEMPLATES_DIR, copyAssets, interactiveScripts, stylesheet } from './assets.js';
import { bySuite, indexPageModel } from './index-page.js';
import { runBaseName, runKey, runPagePath, suiteDir } from './paths.js';
import { regressionMarks, type StoredRecord } from './regressions.js';
import { relativeHref, runDownloads, runPageModel, type PageScript } from './run-page.js';

/** How the site is written. */
export interface SiteOptions {
  outDir: string;
  /** Load vega-embed (from the site's own `assets/`) for tooltips and zoom. */
  interactive?: boolean;
  /** One self-contained HTML file per run: scripts and downloads inlined. */
  singleFile?: boolean;
}

/** What was written. */
export interface SiteResult {
  index: string;
  pages: { path: string; bytes: number }[];
  /** Records found in folders that were not run records, and chart warnings. */
  warnings: string[];
}

/**
 * Every run record path under the given files or folders (folders searched recursively, model
 * artifacts and temp files skipped). Given files are returned as they are.
 */
export function findRecords(inputs: string[]): { path: string; explicit: boolean }[] {
  const out: { path: string; explicit: boolean }[] = [];
  const walk = (p: string) => {
    for (const name of readdirSync(p).sort()) {
      if (name === 'artifacts' || name === 'predictions' || name.startsWith('.')) continue;
      const full = join(p, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json') && !name.includes('.tmp-')) out.push({ path: full, explicit: false });
    }
  };
  for (const i of inputs) {
    if (statSync(i).isDirectory()) walk(i);
    else out.push({ path: i, explicit: true });
  }
  return out;
}

/** Reads the records of `inputs`: a bad given file is an InputError, a stray JSON file in a folder a warning. */
export function loadRecords(inputs: string[], warnings: string[] = []): StoredRecord[] {
  const byKey = new Map<string, StoredRecord>();
  for (const { path, explicit } of findRecords(inputs)) {
    let record: RunRecord;
    try {
      record = readRecord(path);
    } catch (err) {
      if (explicit) throw err;
      warnings.push(`skipped ${path}: ${(err as Error).message}`);
      continue;
    }
    byKey.set(runKey(record), { path, record });
  }
  return [...byKey.values()];
}

const hbs = Handlebars.create();
// Escaped text with line-break opportunities after brackets and commas (long cell ids).
hbs.registerHelper(
  'breakable',
  (text: unknown) => new hbs.SafeString(hbs.escapeExpression(String(text ?? '')).replace(/([[,])/g, '$1<wbr>')),
);
const templates = new Map<string, Handlebars.TemplateDelegate>();
function template(name: string): Handlebars.TemplateDelegate {
  let t = templates.get(name);
  if (!t) {
    t = hbs.compile(readFileSync(join(TEMPLATES_DIR, name), 'utf8'), { strict: false });
    templates.set(name, t);
  }
  return t;
}

function pageScripts(opts: SiteOptions, pagePath: string): PageScript[] {
  if (!opts.interactive) return [];
  const scripts = interactiveScripts();
  return opts.singleFile
    ? scripts.map((s) => ({ source: s.source }))
    : scripts.map((s) => ({ src: relativeHref(pagePath, `assets/${s.name}`) }));
}

/** Builds the static report site from run records; returns the index path and every page written. */
export async function buildSite(inputs: string[], opts: SiteOptions): Promise<SiteResult> {
  const warnings: string[] = [];
  const stored = loadRecords(inputs, warnings);
  const records = stored.map((s) => s.record);
  const marks = regressionMarks(stored, warnings);
  const regressedOf = (r: RunRecord) => marks.get(r) ?? new Set<string>();
  if (records.length === 0) {
    throw new InputError(
      `${inputs.join(', ')}: no run records found; pass run records (results/<suite>/<run-id>.json) or folders holding them`,
      'no-records',
    );
  }
  if (opts.interactive && !opts.singleFile) copyAssets(opts.outDir);
  const style = stylesheet();
  const pages: SiteResult['pages'] = [];
  const write = (rel: string, text: string) => {
    const path = join(opts.outDir, rel);
    writeFileAtomic(path, text);
    return path;
  };
  for (const runs of bySuite(records).values()) {
    for (const record of runs) {
      const rel = runPagePath(record);
      const model = await runPageModel(record, runs, {
        scripts: pageScripts(opts, rel),
        singleFile: opts.singleFile === true,
        regressedOf,
      });
      for (const c of model.charts) for (const w of c.warnings) warnings.push(`${rel} ${c.id}: ${w}`);
      const html = template('run.hbs')({ ...model, style });
      pages.push({ path: write(rel, html), bytes: Buffer.byteLength(html) });
      if (!opts.singleFile) {
        const files = runDownloads(record);
        const base = `${suiteDir(record)}/${runBaseName(record)}`;
        write(`${base}.json`, files.json);
        write(`${base}.csv`, files.csv);
      }
    }
  }
  const indexModel = await indexPageModel(records, pageScripts(opts, 'index.html'), regressedOf);
  const indexHtml = template('index.hbs')({ ...indexModel, style });
  const index = write('index.html', indexHtml);
  pages.unshift({ path: index, bytes: Buffer.byteLength(indexHtml) });
  return { index, pages, warnings };
}
