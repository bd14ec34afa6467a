/** One (variant, settings, seed) point to measure, or the original model (`reference: true`). */
export interface Cell {
  id: string;
  variant: string;
  method: string;
  /** Settings after validation against the method's schema (defaults filled in). */
  settings: Record<string, unknown>;
  seed: number;
  reference: boolean;
  /**
   * Sensitivity cells: the one layer the method compresses. A name, or `@<i>` for the i-th layer
   * of the model (`layers: all`), which the runner resolves to that layer's name in the original.
   */
  layers?: string[];
  /** `control`: a compute-matched control of other cells (suite `controls: auto`), not a variant of the suite. */
  role?: 'control';
  /** Ids of this cell's controls (same seed). */
  controls?: string[];
}
