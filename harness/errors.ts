/**
 * Every stable code an {@link InputError} carries, by area (artifact, babi, csv, suite, ...).
 * Scripts and tests match on these, never on message texts.
 */
export const INPUT_ERROR_CODES = [
  'arch-input-kind',
  'arch-input-shape',
  'artifact-bad-graph',
  'artifact-bad-json',
  'artifact-bad-manifest',
  'artifact-bad-model',
  'artifact-graph-model',
  'artifact-missing',
  'artifact-not-graph',
  'artifact-unknown-layer',
  'artifact-unreadable',
  'artifact-weights-mismatch',
  'artifact-weights-missing',
  'artifact-weights-short',
  'babi-answer',
  'babi-empty',
  'babi-impossible',
  'babi-missing',
  'babi-no-answer',
  'babi-numbering',
  'babi-seqlen',
  'babi-support',
  'babi-syntax',
  'babi-token',
  'bad-backend',
  'bad-runtimes',
  'bad-shard',
  'bad-workers',
  'baseline-failed-cells',
  'baseline-shard',
  'baseline-side-file',
  'claims-flags',
  'claims-markers',
  'claims-readme',
  'claims-suites',
  'claims-variant',
  'classes-duplicate',
  'classes-missing',
  'compare-fdr',
  'compare-outputs',
  'compare-quick',
  'compare-suite',
  'endpoint-key',
  'endpoint-not-openai',
  'endpoint-unreachable',
  'csv-column-conflict',
  'csv-empty',
  'csv-missing',
  'csv-missing-label',
  'csv-missing-value',
  'csv-no-column',
  'csv-no-features',
  'csv-no-label',
  'csv-no-rows',
  'csv-not-numeric',
  'csv-one-class',
  'csv-ragged-row',
  'csv-syntax',
  'csv-too-few-rows',
  'csv-unseen-category',
  'data-unlabeled-train',
  'feature-select-input',
  'feature-select-k',
  'feature-select-no-dense',
  'graph-method',
  'graph-setting',
  'image-decode',
  'image-format',
  'images-empty',
  'images-labels-csv',
  'images-missing',
  'images-no-classes',
  'images-per-channel',
  'images-size',
  'images-std',
  'jsonl-empty',
  'jsonl-missing',
  'jsonl-no-label',
  'jsonl-no-text',
  'jsonl-syntax',
  'gguf-already-quantized',
  'gguf-malformed',
  'gguf-missing',
  'gguf-not-gguf',
  'gguf-tensor-type',
  'gguf-truncated',
  'gguf-version',
  'labels-missing',
  'layer-position',
  'listops-heldout',
  'listops-length',
  'lowrank-no-layers',
  'lowrank-rank-too-large',
  'merge-shards',
  'method-needs-sequential',
  'model-input-shape',
  'model-io-count',
  'model-output-size',
  'prompt-template',
  'no-backend',
  'no-baseline',
  'no-input',
  'no-records',
  'no-tfjs-node',
  'npy-bad-header',
  'npy-bad-magic',
  'npy-dtype',
  'npy-fortran-order',
  'npy-labels',
  'npy-missing',
  'npy-shape',
  'npy-truncated',
  'npy-version',
  'npz-bad-zip',
  'npz-method',
  'npz-no-array',
  'npz-not-zip',
  'npz-truncated',
  'onnx-bad-model',
  'onnx-external-data',
  'onnx-method',
  'onnx-setting',
  'onnx-unexportable',
  'onnx-unknown-layer',
  'onnx-unreadable',
  'predictions-bad',
  'predictions-hash',
  'predictions-missing',
  'quantize-onnx-layers',
  'quantize-onnx-nothing',
  'record-bad-ref',
  'record-json',
  'record-missing',
  'record-schema',
  'runtime-format',
  'student-arch',
  'student-bad-settings',
  'student-unscalable',
  'suite-invalid',
  'suite-missing',
  'suite-schema',
  'suite-yaml',
  'unknown-arch',
  'unknown-dataset',
  'unknown-layer',
  'unknown-method',
  'unknown-runtime',
  'unknown-task-source',
  'vocab-bad-tokenizer',
  'vocab-empty',
  'vocab-missing',
  'vocab-unknown-token',
] as const;

/** A stable machine-readable code of a user-input mistake, e.g. `csv-ragged-row`. */
export type InputErrorCode = (typeof INPUT_ERROR_CODES)[number];

/** True when `code` is one of the {@link INPUT_ERROR_CODES} (e.g. a code sent from a worker thread). */
export function isInputErrorCode(code: unknown): code is InputErrorCode {
  return typeof code === 'string' && (INPUT_ERROR_CODES as readonly string[]).includes(code);
}

/**
 * An error with a stable code for anything a user supplied (suite file, CSV, model artifact, flag,
 * stored record): the message names the file, the place and the fix, and the CLI exits 2.
 */
export class InputError extends Error {
  constructor(
    message: string,
    /** Stable machine-readable code, e.g. `csv-ragged-row`. */
    readonly code: InputErrorCode,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** True when `err` is an {@link InputError} (works across module copies). */
export function isInputError(err: unknown): err is InputError {
  return err instanceof Error && err.name === 'InputError';
}

/** The closest of `candidates` to `name` by edit distance, when it is close enough to suggest. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** "unknown X 'y'; valid: a, b, c (did you mean 'b'?)" */
export function unknownNameMessage(kind: string, name: string, valid: readonly string[]): string {
  const hint = closest(name, valid);
  return `unknown ${kind} '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}; valid ${kind}s: ${valid.join(', ')}`;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
