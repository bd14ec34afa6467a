import type { Dataset } from '../data/types.js';
import type { LoadedSuite } from '../suite/load.js';

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
