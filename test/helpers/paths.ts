import { fileURLToPath } from 'node:url';

/** Repository root (tests run from dist/test/...). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Absolute path of a file under test/fixtures/. */
export function fixture(rel: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/${rel}`, import.meta.url));
}

/** The built CLI entry point. */
export const CLI = fileURLToPath(new URL('../../../dist/harness/cli/main.js', import.meta.url));
