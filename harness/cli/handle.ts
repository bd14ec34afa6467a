import { isInputError } from '../errors.js';
import { RUN_EXIT } from '../runner/exit-code.js';

/** Exit codes of every command (see README); those of `run`'s outcomes come from {@link RUN_EXIT}. */
export const EXIT = { ...RUN_EXIT, internal: 4 } as const;

/**
 * Runs a command body and turns its outcome into `process.exitCode`: the body's own code, 2 with
 * one clear message for bad input, 4 with the stack for a bug.
 */
export async function handle(body: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await body()) ?? EXIT.ok;
  } catch (err) {
    if (isInputError(err)) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = EXIT.badInput;
    } else {
      process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT.internal;
    }
  }
}

/** Writes a progress line to stderr. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
