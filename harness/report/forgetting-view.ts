import type { CellRecord, RunRecord } from '../results/record.js';
import { classNames, okCells, pointLabel } from './cells.js';
import { toCsv } from './csv.js';
import { fixed, pct, pts } from './format.js';
import { itemText, showItem, type ShownItem } from './item-html.js';

/** One variant cell's row of the forgetting table. */
export interface ForgettingRow {
  cell: string;
  fidelity: string;
  flips: string;
  kl: string;
  tv: string;
  /** Classes that lost significantly, e.g. `Slight-Right-Turn −12.30 pts (q 0.004)`, or `none`. */
  lost: string;
  classes: { name: string; support: number; original: string; variant: string; change: string; p: string; q: string; lost: boolean }[];
}

/** Forgotten exemplars of one variant, the shown ones with their items. */
export interface ForgottenGroup {
  variant: string;
  cells: number;
  total: number;
  items: { row: number; label: string; predicted: string; times: string; item?: ShownItem }[];
}

/** The page's forgetting section. */
export interface ForgettingView {
  fdr: string;
  rows: ForgettingRow[];
  groups: ForgottenGroup[];
  downloads: { label: string; href: string; filename: string; type: string; kind: string }[];
}

const est = (e: { value: number; ci: [number, number] } | undefined, digits: number) =>
  e ? `${fixed(e.value, digits)} [${fixed(e.ci[0], digits)}, ${fixed(e.ci[1], digits)}]` : '—';
const dataUrl = (type: string, text: string) => `data:${type};base64,${Buffer.from(text, 'utf8').toString('base64')}`;

/**
 * What compression forgot, from the record: per variant cell the per-class changes with their
 * Benjamini–Hochberg-adjusted tests, KL and total variation beside fidelity and flips, and per
 * variant the test items the original gets right and the variant wrong in most cells, each
 * shown (a digit as an image, a story as text, a row as its values), with CSV and JSON of all.
 * Undefined when the record has none of it.
 */
export function forgettingView(record: RunRecord, base: string): ForgettingView | undefined {
  const cells = okCells(record).filter(
    (c): c is CellRecord & { forgetting: NonNullable<CellRecord['forgetting']> } => !c.reference && c.forgetting !== undefined,
  );
  if (cells.length === 0 && !record.forgotten) return undefined;
  const k = record.dataset?.classNames.length ?? 0;
  const names = classNames(record, k);
  const name = (i: number) => names[i] ?? String(i);
  const multiSeed = new Set(record.cells.map((c) => c.seed)).size > 1;
  const rows = cells.map((c): ForgettingRow => {
    const f = c.forgetting;
    const lost = f.classes.filter((x) => x.lost).map((x) => `${name(x.class)} ${pts(x.change)} (q ${x.q.toPrecision(2)})`);
    return {
      cell: `${pointLabel(c)}${multiSeed ? ` (seed ${c.seed})` : ''}`,
      fidelity: pct(c.fidelity),
      flips: c.flips ? `${c.flips.rightToWrong} / ${c.flips.wrongToRight}` : '—',
      kl: est(c.kl, 4),
      tv: est(c.tv, 4),
      lost: lost.length ? lost.join(', ') : 'none',
      classes: f.classes.map((x) => ({
        name: name(x.class),
        support: x.support,
        original: pct(x.original),
        variant: pct(x.variant),
        change: pts(x.change, false),
        p: x.p.toPrecision(3),
        q: x.q.toPrecision(3),
        lost: x.lost,
      })),
    };
  });
  const f = record.forgotten;
  const groups = (f?.variants ?? []).map((g): ForgottenGroup => ({
    variant: g.variant,
    cells: g.cells.length,
    total: g.total,
    items: g.items.slice(0, f!.shown).map((it) => {
      const view = f!.items[String(it.row)];
      return {
        row: it.row,
        label: name(it.label),
        predicted: name(it.predicted),
        times: `${it.forgotten} of ${it.of}`,
        ...(view ? { item: showItem(view) } : {}),
      };
    }),
  }));
  const all = (f?.variants ?? []).flatMap((g) =>
    g.items.map((it) => ({
      variant: g.variant,
      row: it.row,
      label: name(it.label),
      predicted: name(it.predicted),
      forgotten: it.forgotten,
      of: it.of,
      item: itemText(f!.items[String(it.row)]),
    })),
  );
  const csv = toCsv([
    ['variant', 'test row', 'label', 'predicted', 'forgotten in', 'of cells', 'item'],
    ...all.map((r) => [r.variant, r.row, r.label, r.predicted, r.forgotten, r.of, r.item]),
  ]);
  const downloads = all.length
    ? [
        {
          label: 'Forgotten exemplars (CSV)',
          kind: 'forgotten-csv',
          type: 'text/csv',
          filename: `${base}-forgotten.csv`,
          href: dataUrl('text/csv', csv),
        },
        {
          label: 'Forgotten exemplars (JSON)',
          kind: 'forgotten-json',
          type: 'application/json',
          filename: `${base}-forgotten.json`,
          href: dataUrl('application/json', `${JSON.stringify(f, null, 1)}\n`),
        },
      ]
    : [];
  return { fdr: String(cells[0]?.forgetting.fdr ?? 0.05), rows, groups, downloads };
}
