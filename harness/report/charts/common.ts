import type { Config, TopLevelSpec } from 'vega-lite';

/** Colour-blind-safe categorical palette (Okabe–Ito), black left out: it marks the original. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442'];

/** Okabe–Ito black: the original model in every chart. */
export const ORIGINAL_COLOUR = '#000000';

/** Okabe–Ito blue and vermillion: gains and losses. */
export const GAIN_COLOUR = '#0072B2';
/** See {@link GAIN_COLOUR}. */
export const LOSS_COLOUR = '#D55E00';

/** The Vega-Lite schema every spec declares. */
export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A Vega-Lite spec with a plain-text title and a description (read by screen readers and captions). */
export type ChartSpec = TopLevelSpec & { title: string; description: string };

/** Shared look: readable fonts, the Okabe–Ito palette, a colour-blind-safe diverging scheme. */
export const CONFIG: Config = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  range: { category: PALETTE, diverging: { scheme: 'blueorange' }, heatmap: { scheme: 'blues' } },
  title: { anchor: 'start', fontSize: 14, fontWeight: 600, offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 500, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220 },
  view: { stroke: '#d0d0d0' },
};

/** The fields every chart spec starts with. */
export function header(
  title: string,
  description: string,
): { $schema: string; title: string; description: string; config: Config; background: string } {
  return { $schema: VL_SCHEMA, title, description, config: CONFIG, background: 'white' };
}

/** Rows of typed records as the inline data values of a spec. */
export function values<T extends object>(rows: T[]): { values: Record<string, unknown>[] } {
  return { values: rows as unknown as Record<string, unknown>[] };
}

/**
 * A colour scale that maps variant names to the palette in a fixed order, the original in black,
 * so that one variant has one colour in every chart of a page.
 */
export function variantScale(variants: string[]): { domain: string[]; range: string[] } {
  const others = [...new Set(variants.filter((v) => v !== 'original'))];
  const domain = variants.includes('original') ? ['original', ...others] : others;
  const range = domain.map((v, i) =>
    v === 'original' ? ORIGINAL_COLOUR : PALETTE[(variants.includes('original') ? i - 1 : i) % PALETTE.length],
  );
  return { domain, range };
}

/** An interval selection bound to the scales: drag to pan, wheel to zoom (interactive pages only). */
export function zoomParam(name: string): { name: string; select: { type: 'interval'; encodings: ('x' | 'y')[] }; bind: 'scales' } {
  return { name, select: { type: 'interval', encodings: ['x', 'y'] }, bind: 'scales' };
}

/** True when positive values span enough orders of magnitude to read better on a log axis. */
export function wantsLog(xs: number[], span = 20): boolean {
  const pos = xs.filter((x) => x > 0);
  return pos.length === xs.length && pos.length > 1 && Math.max(...pos) / Math.min(...pos) >= span;
}
