import yargs, { type Argv } from 'yargs';
import { baselineCommand } from '../../harness/cli/baseline.js';
import { compareCommand } from '../../harness/cli/compare.js';
import { mergeCommand } from '../../harness/cli/merge.js';
import { reportCommand } from '../../harness/cli/report.js';
import { runCommand } from '../../harness/cli/run.js';
import { validateCommand } from '../../harness/cli/validate.js';
import type { CliResult } from './cli.js';

const commands: ((y: Argv) => Argv)[] = [runCommand, reportCommand, compareCommand, baselineCommand, validateCommand, mergeCommand];

/** A yargs usage failure (the real CLI prints it and exits 2). */
class UsageError extends Error {}

/**
 * Runs CLI commands in this process, with the same yargs setup as `harness/cli/main.ts`: exit
 * code from `process.exitCode`, stdout and stderr captured. A throw that escapes the command
 * handlers is reported as the real CLI would crash on it: code 4 with the stack on stderr.
 */
export async function cliInProcess(args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const sigint = new Set(process.listeners('SIGINT'));
  const outer = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
  let code: number;
  try {
    let cli = yargs(args)
      .scriptName('slimbench')
      .strict()
      .exitProcess(false)
      .demandCommand(1, 'name a command')
      .fail((msg, e) => {
        if (e) throw e;
        throw new UsageError(msg);
      });
    for (const add of commands) cli = add(cli);
    await cli.parseAsync();
    code = Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof UsageError) {
      stderr += `error: ${e.message}\n`;
      code = 2;
    } else {
      stderr += `internal error: ${e instanceof Error ? e.stack : String(e)}\n`;
      code = 4;
    }
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = outer;
    for (const l of process.listeners('SIGINT')) if (!sigint.has(l)) process.removeListener('SIGINT', l);
  }
  return { code, signal: null, stdout, stderr };
}
