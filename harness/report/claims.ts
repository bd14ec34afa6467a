import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { overSeeds } from '../measure/aggregate.js';
import { loadAnySuite } from '../suite/any-suite.js';
import { CONTROL } from '../suite/controls.js';
import { ORIGINAL } from '../suite/plan.js';
import type { ClaimSpec } from '../suite/schema.js';
import { baselinePath } from '../results/baseline.js';
import { readEstimate } from '../results/paths.js';
import type { CellRecord, RunRecord } from '../results/record.js';
import { readRecord } from '../results/store.js';

/** Markers around the generated results section of the README. */
export const CLAIMS_START = '<!-- results:start -->';
export const CLAIMS_END = '<!-- results:end -->';

/** One figure of ours: a value, its interval when there is one, and over how many seeds. */
export interface Figure {
  value: number;
  ci: [number, number] | null;
  seeds: number;
}

/** One row of the results table: a suite's claim and what its baseline measured. */
export interface ClaimRow {
  suite: string;
  /** Suite file, as found. */
  file: string;
  claim: ClaimSpec;
  /** Null when the suite has no baseline yet. */
  baseline: {
    path: string;
    quick: boolean;
    stale: boolean;
    ciLevel: number;
    figures: { label: string; format: ClaimSpec['figures'][number]['format']; figure: Figure | null }[];
  } | null;
  /** Gates of the baseline: how many passed, and the failed checks with their values. */
  gates: { total: number; failed: string[] };
}

type FigureSpec = ClaimSpec['figures'][number];

/**
 * A field of a cell as a figure: `{value, ci}` objects give both; a number whose parent object
 * holds a `ci` interval (e.g. `methodInfo.control.accuracy`) takes that interval.
 */
export function cellFigure(cell: CellRecord, path: string): { value: number; ci: [number, number] | null } | null {
  return readEstimate(cell, path) ?? null;
}

/**
 * The figure a claim names in a record: with several seeds, the record's aggregate over seeds
 * (mean and t interval) when it has the field, else the mean over the cells' values with a t
 * interval; with one cell, that cell's value and interval.
 */
export function claimFigure(record: RunRecord, spec: FigureSpec): Figure | null {
  const cells = record.cells.filter((c) => c.variant === spec.variant && c.status === 'ok' && matchesCell(c.id, spec.cell));
  if (cells.length === 0) return null;
  if (spec.minus !== undefined) return pairedDifference(record, cells, spec);
  if (cells.length === 1) {
    const f = cellFigure(cells[0], spec.field);
    return f && { ...f, seeds: 1 };
  }
  const ids = new Set(cells.map((c) => c.id));
  const agg = record.aggregates?.find(
    (a) => a.variant === spec.variant && a.cells.every((id) => ids.has(id)) && a.cells.length === cells.length,
  );
  const fromAgg = agg?.figures[spec.field];
  if (fromAgg) return { value: fromAgg.mean, ci: fromAgg.ci, seeds: fromAgg.n };
  const values = cells.map((c) => cellFigure(c, spec.field)?.value).filter((v): v is number => v !== undefined);
  if (values.length === 0) return null;
  const o = overSeeds(values, record.run.ciLevel ?? 0.95);
  return { value: o.mean, ci: o.ci, seeds: o.n };
}

/**
 * `field` of `cells` minus the same field of variant `spec.minus`, seed by seed: the mean
 * difference with a t interval over seeds (none with one seed).
 */
function pairedDifference(record: RunRecord, cells: CellRecord[], spec: FigureSpec): Figure | null {
  const other = minusCell(record, spec.minus!);
  const diffs: number[] = [];
  for (const c of cells) {
    const a = cellFigure(c, spec.field);
    const o = other(c);
    const b = o && cellFigure(o, spec.field);
    if (a && b) diffs.push(a.value - b.value);
  }
  if (diffs.length === 0) return null;
  const o = overSeeds(diffs, record.run.ciLevel ?? 0.95);
  return { value: o.mean, ci: o.ci, seeds: o.n };
}

/**
 * The cell a claim's `minus` names for each cell, of the same seed: a variant's cell; `control`,
 * the cell's own first compute-matched control; or one control cell by id (`control[fineTune=5]`).
 */
function minusCell(record: RunRecord, minus: string): (c: CellRecord) => CellRecord | undefined {
  const ok = record.cells.filter((c) => c.status === 'ok');
  if (minus === CONTROL) {
    const byId = new Map(ok.map((c) => [c.id, c]));
    return (c) => (c.controls?.[0] !== undefined ? byId.get(c.controls[0]) : undefined);
  }
  if (minus.startsWith(`${CONTROL}[`)) return (c) => ok.find((o) => o.seed === c.seed && matchesCell(o.id, minus));
  const bySeed = new Map(ok.filter((c) => c.variant === minus).map((c) => [c.seed, c]));
  return (c) => bySeed.get(c.seed);
}

function matchesCell(id: string, cell: string | undefined): boolean {
  return cell === undefined || id === cell || id.replace(/#s\d+$/, '') === cell;
}

/** Reads every suite in `suitesDir` that states a claim, with its baseline from `baselinesDir`. */
export function collectClaims(suitesDir: string, baselinesDir: string): ClaimRow[] {
  let names: string[];
  try {
    names = readdirSync(suitesDir).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'));
  } catch {
    throw new InputError(`${suitesDir}: cannot read the suites folder; pass --suites DIR`, 'claims-suites');
  }
  const rows: ClaimRow[] = [];
  for (const name of names.sort()) {
    const file = join(suitesDir, name);
    const { spec, hash } = loadAnySuite(file);
    if (!spec.claim) continue;
    const controls = 'controls' in spec && spec.controls === 'auto';
    const variants = new Set([ORIGINAL, ...(controls ? [CONTROL] : []), ...spec.variants.map((v) => v.name)]);
    spec.claim.figures.forEach((f, i) => {
      if (f.minus !== undefined && !variants.has(f.minus) && !(controls && f.minus.startsWith(`${CONTROL}[`)))
        throw new InputError(
          `${file}: claim.figures[${i}].minus '${f.minus}' is not a variant of the suite; use one of: ${[...variants].join(', ')}`,
          'claims-variant',
        );
      if (!variants.has(f.variant))
        throw new InputError(
          `${file}: claim.figures[${i}].variant '${f.variant}' is not a variant of the suite; use one of: ${[...variants].join(', ')}`,
          'claims-variant',
        );
    });
    const path = baselinePath(spec.name, baselinesDir);
    if (!existsSync(path)) {
      rows.push({ suite: spec.name, file, claim: spec.claim, baseline: null, gates: { total: 0, failed: [] } });
      continue;
    }
    const record = readRecord(path);
    rows.push({
      suite: spec.name,
      file,
      claim: spec.claim,
      baseline: {
        path,
        quick: record.run.quick === true,
        stale: record.suite.hash !== hash,
        ciLevel: record.run.ciLevel ?? spec.measure.ciLevel,
        figures: spec.claim.figures.map((f) => ({ label: f.label, format: f.format, figure: claimFigure(record, f) })),
      },
      gates: {
        total: record.gates.length,
        failed: record.gates
          .filter((g) => !g.pass)
          .map((g) => `${g.cell ?? g.variant}: ${g.check} (got ${g.value === null ? 'nothing' : round(g.value)})`),
      },
    });
  }
  return rows;
}

const round = (v: number): string => String(Number(v.toPrecision(4)));

/** A value in a claim format: percent `98.7%`, points `−0.4 pt`, ratio `12.3x`, or a number (integers exact, `15,114`). */
export function formatValue(v: number, format: FigureSpec['format'], signed = format === 'points'): string {
  const sign = (s: string, x: number) => (signed && x > 0 ? `+${s}` : s.replace(/^-/, '−'));
  switch (format) {
    case 'percent':
      return sign(`${(v * 100).toFixed(1)}%`, v);
    case 'points':
      return sign(`${(v * 100).toFixed(1)} pt`, v);
    case 'ratio':
      return `${v.toFixed(v >= 10 ? 1 : 2)}x`;
    default:
      return sign(Number.isInteger(v) ? v.toLocaleString('en-US') : round(v), v);
  }
}

/** A figure with its interval and seed count, e.g. `98.7% [97.9%, 99.4%] (3 seeds)`. */
export function formatFigure(f: Figure, format: FigureSpec['format']): string {
  const ci = f.ci ? ` [${formatValue(f.ci[0], format)}, ${formatValue(f.ci[1], format)}]` : '';
  return `${formatValue(f.value, format)}${ci}${f.seeds > 1 ? ` (${f.seeds} seeds)` : ''}`;
}

const cellText = (s: string): string =>
  s
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

/**
 * The results section (markers included): one table row per claim with the source's figure, ours
 * with intervals, and whether the baseline's gates passed. `linkBase` is the folder suite links
 * are written relative to (the README's).
 */
export function renderClaims(rows: ClaimRow[], linkBase: string): string {
  const level = rows.find((r) => r.baseline)?.baseline?.ciLevel ?? 0.95;
  const lines = [
    CLAIMS_START,
    '## Results',
    '',
    'What the suites in `suites/` reproduce, measured by their committed full runs in `baselines/`.',
    `Intervals are ${Math.round(level * 100)}% confidence intervals (bootstrap over test rows; t over seeds where a suite repeats seeds).`,
    'This section is generated: `slimbench claims --write README.md`.',
    '',
    "| suite | claim (source) | source's figure | ours | gates |",
    '| --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const link = `[${r.suite}](${relative(linkBase, resolve(r.file)).split('\\').join('/')})`;
    const claim = `${r.claim.text}<br>*${r.claim.source}*`;
    let ours = 'no baseline yet';
    let gates = '—';
    if (r.baseline) {
      ours = r.baseline.figures.map((f) => `${f.label}: ${f.figure ? formatFigure(f.figure, f.format) : 'not measured'}`).join('<br>');
      if (r.baseline.quick) ours += '<br>(quick run)';
      if (r.baseline.stale) ours += '<br>(measured with an earlier version of the suite file)';
      gates =
        r.gates.total === 0
          ? 'none'
          : r.gates.failed.length === 0
            ? `pass (${r.gates.total}/${r.gates.total})`
            : `**fail** (${r.gates.total - r.gates.failed.length}/${r.gates.total}): ${r.gates.failed.join('; ')}`;
    }
    lines.push(`| ${[link, claim, r.claim.figure, ours, gates].map(cellText).join(' | ')} |`);
  }
  lines.push(CLAIMS_END);
  return `${lines.join('\n')}\n`;
}

/** `text` with the marked section replaced by `section`, or `section` appended when there is none. */
export function replaceSection(text: string, section: string, file = 'README.md'): string {
  const start = text.indexOf(CLAIMS_START);
  const end = text.indexOf(CLAIMS_END);
  if (start < 0 && end < 0) return `${text.replace(/\n*$/, '\n\n')}${section}`;
  if (start < 0 || end < start)
    throw new InputError(
      `${file}: has '${CLAIMS_START}' and '${CLAIMS_END}' out of order or one without the other; fix the markers by hand`,
      'claims-markers',
    );
  const after = text.slice(end + CLAIMS_END.length).replace(/^\n/, '');
  return `${text.slice(0, start)}${section}${after}`;
}

/** The README text with its results section regenerated from the suites and baselines. */
export function regeneratedReadme(readme: string, suitesDir: string, baselinesDir: string): { current: string; next: string } {
  let current: string;
  try {
    current = readFileSync(readme, 'utf8');
  } catch {
    throw new InputError(`${readme}: cannot read the file; pass the README path`, 'claims-readme');
  }
  const section = renderClaims(collectClaims(suitesDir, baselinesDir), dirname(resolve(readme)));
  return { current, next: replaceSection(current, section, basename(readme)) };
}
