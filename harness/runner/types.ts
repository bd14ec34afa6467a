import type { Dataset } from '../data/types.js';
import type { LoadedSuite } from '../suite/load.js';

/** Options of one `run`. */
export interface RunOptions {
  /** Folder of run records (default `results`). */
  outDir: string;
  quick: boolean;
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** Only cells whose id or variant contains this text (the original always runs). */
  filter?: string;
  /** Progress lines (stderr). */
  log(message: string): void;
}

/** What every cell of one seed shares: the data and the original model's artifact and predictions. */
export interface SeedContext {
  suite: LoadedSuite;
  dataset: Dataset;
  seed: number;
  /** Folder of the original's artifact; every variant starts from a fresh load of it. */
  originalDir: string;
  originalArtifactBytes: number;
  /** The original's test-split predictions, for fidelity, retention and paired tests. */
  originalPredictions: Int32Array;
  /** Where this run writes artifacts. */
  artifactRoot: string;
}
