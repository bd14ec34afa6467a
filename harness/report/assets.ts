import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../io/write-atomic.js';

/** The browser builds interactive pages load, in load order: package and file inside it. */
export const VEGA_BUILDS = [
  { pkg: 'vega', file: 'build/vega.min.js' },
  { pkg: 'vega-lite', file: 'build/vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'build/vega-embed.min.js' },
] as const;

/** Folder of the report templates, stylesheet and client script (in the source tree, next to this file's source). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../../harness/report/templates/', import.meta.url));

/** The folder of an installed package, found by walking up from this module. */
export function packageDir(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const up = dirname(dir);
    if (up === dir)
      throw new Error(`cannot find the '${name}' package in any node_modules above ${fileURLToPath(import.meta.url)}; run npm install`);
    dir = up;
  }
}

/** A script's source made safe to inline in an HTML `<script>` element (no source map request either). */
export function inlineSafe(js: string): string {
  return js
    .replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n')
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--');
}

/** A script the pages load: its file name under `assets/` and its source. */
export interface Script {
  name: string;
  source: string;
}

/** The vega, vega-lite and vega-embed builds and the page's own client script, in load order. */
export function interactiveScripts(): Script[] {
  const builds = VEGA_BUILDS.map(({ pkg, file }) => ({
    name: file.split('/').pop()!,
    source: inlineSafe(readFileSync(join(packageDir(pkg), file), 'utf8')),
  }));
  return [...builds, { name: 'slimbench-interactive.js', source: inlineSafe(readFileSync(join(TEMPLATES_DIR, 'interactive.js'), 'utf8')) }];
}

/** The stylesheet every page inlines. */
export function stylesheet(): string {
  return readFileSync(join(TEMPLATES_DIR, 'style.css'), 'utf8');
}

/** Copies the interactive scripts into `<outDir>/assets/`; returns their file names. */
export function copyAssets(outDir: string, scripts: Script[] = interactiveScripts()): string[] {
  for (const s of scripts) writeFileAtomic(join(outDir, 'assets', s.name), s.source);
  return scripts.map((s) => s.name);
}
