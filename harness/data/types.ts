/**
 * Plain-data view of a loaded dataset. Tensors are built from these arrays by the stages that
 * need them (models, measure); nothing here holds a tensor.
 */
export interface Split {
  /** Row-major inputs, `n * prod(inputShape)` values (token ids for `inputKind: 'tokens'`). */
  x: Float32Array;
  /** Class index per row. */
  y: Int32Array;
  /** Number of rows. */
  n: number;
}

export interface Dataset {
  /** Registry name plus a short description, e.g. `csv:wall-robot-navigation.csv`. */
  name: string;
  /** sha256 of everything that determines the data (file bytes or generator settings). */
  hash: string;
  /** Shape of one input row, e.g. `[24]`, `[28, 28, 1]` or `[seqLen]`. */
  inputShape: number[];
  /** `float` for real-valued features, `tokens` for integer token ids (Embedding input). */
  inputKind: 'float' | 'tokens';
  /** Vocabulary size when `inputKind` is `tokens`. */
  vocabSize?: number;
  /** One name per input feature (for flat inputs) or per token id (for token inputs). */
  featureNames: string[];
  /** Class names, index = label; empty when the source has no labels. */
  classNames: string[];
  /**
   * `false` when the source has no labels (`y` is then all zeros and `classNames` empty): quality
   * is measured as agreement with the original's outputs. Absent means labelled.
   */
  labeled?: false;
  train: Split;
  test: Split;
}

/** Row width (product of the input shape). */
export function rowSize(ds: Pick<Dataset, 'inputShape'>): number {
  return ds.inputShape.reduce((a, b) => a * b, 1);
}
