import type { SuiteSpec } from './schema.js';

/** A suite file, parsed and validated, with what is needed to locate its parts. */
export interface LoadedSuite {
  spec: SuiteSpec;
  /** Path as given. */
  file: string;
  /** Folder that relative paths in the suite resolve against. */
  dir: string;
  /** sha256 of the file's bytes. */
  hash: string;
  /** Data source settings after validation (defaults filled in), without `source`. */
  datasetSettings: Record<string, unknown>;
  /** Architecture settings after validation (defaults filled in). */
  archSettings: Record<string, unknown>;
}
