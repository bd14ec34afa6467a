import { writeFileAtomic } from '../io/write-atomic.js';
import { benchmarkActionEntries, smallerIsBetterPath } from './format-benchmark-action.js';
import { formatJunit } from './format-junit.js';
import { formatMarkdown } from './format-md.js';
import type { Comparison, StoredRun } from './types.js';

/** Output formats of `slimbench compare`. */
export const FORMATS = ['md', 'junit', 'json', 'benchmark-action'] as const;
export type Format = (typeof FORMATS)[number];

/** One file's worth of output. */
export interface Rendered {
  /** undefined: the main output (the `--output` file or stdout). */
  path?: string;
  text: string;
}

/**
 * Renders a comparison. `benchmark-action` gives the bigger-is-better array as the main output
 * and, when written to a file, the smaller-is-better array beside it (`<name>.smaller.json`).
 */
export function renderComparison(format: Format, comparison: Comparison, current: StoredRun, output?: string): Rendered[] {
  switch (format) {
    case 'md':
      return [{ text: formatMarkdown(comparison) }];
    case 'junit':
      return [{ text: formatJunit(comparison) }];
    case 'json':
      return [{ text: `${JSON.stringify(comparison, null, 1)}\n` }];
    case 'benchmark-action': {
      const { biggerIsBetter, smallerIsBetter } = benchmarkActionEntries(current.record, comparison);
      const main = { text: `${JSON.stringify(biggerIsBetter, null, 1)}\n` };
      return output ? [main, { path: smallerIsBetterPath(output), text: `${JSON.stringify(smallerIsBetter, null, 1)}\n` }] : [main];
    }
  }
}

/** Writes rendered outputs: files atomically, the main output to stdout when no file is named. */
export function writeRendered(rendered: Rendered[], output?: string): string[] {
  const written: string[] = [];
  for (const r of rendered) {
    const path = r.path ?? output;
    if (path === undefined) process.stdout.write(r.text);
    else {
      writeFileAtomic(path, r.text);
      written.push(path);
    }
  }
  return written;
}
