import type { BackendChoice } from '../engine/backend.js';
import type { ProgressSink } from './progress.js';
import type { Shard } from './shard.js';

/** Options of one `run` of one suite. */
export interface SuiteRunOptions {
  /** Folder of run records (default `results`). */
  outDir: string;
  quick: boolean;
  backend: BackendChoice;
  /** Only cells whose id or variant contains this text (the original always runs). */
  filter?: string;
  /** Worker threads; default: the number of cores, or 1 when at most 2 cells need computing. */
  workers?: number;
  /** Run only this shard of the plan. */
  shard?: Shard;
  /** Reuse cached work (default true); false recomputes every cell and refreshes the cache. */
  cache?: boolean;
  /** Folder of the content-addressed cache (default `.slimbench-cache`). */
  cacheDir?: string;
  /** Runtimes that time every cell, in place of the suite's `measure.runtimes` (`--runtimes`). */
  runtimes?: string[];
  /** Log lines (stderr). */
  log(message: string): void;
  /** Where progress goes (default: plain lines through `log`); a TTY gets a live status line. */
  progress?: ProgressSink;
}
