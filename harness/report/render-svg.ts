import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** What a chart rendering produced: the SVG and any compiler or runtime warnings. */
export interface RenderedSvg {
  svg: string;
  warnings: string[];
}

/** Options of {@link renderSvg}. */
export interface SvgOptions {
  /** Prefix for every id inside the SVG, so that several charts can share one page. */
  id?: string;
  /** Accessible name and description, written as `<title>` and `<desc>`. */
  title?: string;
  description?: string;
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** Renames every id of an SVG (and the references to them) with a prefix. */
export function prefixIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/(xlink:href|href)="#([^"]+)"/g, (_, attr: string, id: string) => `${attr}="#${prefix}-${id}"`);
}

/**
 * Renders a Vega-Lite spec to a standalone SVG string in Node (no browser, no network). Text
 * inside the SVG is escaped by vega; the title and description added here are escaped too.
 */
export async function renderSvg(spec: TopLevelSpec, opts: SvgOptions = {}): Promise<RenderedSvg> {
  const warnings: string[] = [];
  const logger = vega.logger(vega.Warn, 'warn', (method, _level, args) => {
    const text = args.map(String).join(' ');
    // Zoom and pan listen on the browser window, which does not exist when rendering in Node.
    if ((method === 'warn' || method === 'error') && !/event source: window/.test(text)) warnings.push(text);
  });
  const compiled = compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  if (opts.id) svg = prefixIds(svg, opts.id);
  const id = opts.id ?? 'chart';
  const a11y = [
    opts.title ? `<title id="${id}-title">${escapeXml(opts.title)}</title>` : '',
    opts.description ? `<desc id="${id}-desc">${escapeXml(opts.description)}</desc>` : '',
  ].join('');
  const labelled = `${opts.title ? ` aria-labelledby="${id}-title"` : ''}${opts.description ? ` aria-describedby="${id}-desc"` : ''}`;
  svg = svg.replace(/^<svg\b([^>]*)>/, (_, attrs: string) => `<svg${attrs} role="img"${labelled}>${a11y}`);
  return { svg, warnings };
}
