/**
 * Errors that carry a stable code and an exit code.
 *
 * `InputError` is for anything a user supplied (suite file, CSV, model artifact, flag, stored
 * record): the message names the file, the place and the fix, and the CLI exits 2.
 */
export class InputError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode = 2;
  constructor(
    message: string,
    /** Stable machine-readable code, e.g. `csv-ragged-row`. */
    readonly code = 'bad-input',
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
