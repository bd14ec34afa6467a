#!/usr/bin/env node
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';

type Command = (y: Argv) => Argv;

/**
 * Every command, in help order, each loaded on demand: a command's module is imported only when
 * that command runs (or for the overall help), so `validate`, `schema` and `list` load no tfjs.
 */
const commands = {
  run: async () => (await import('./run.js')).runCommand,
  report: async () => (await import('./report.js')).reportCommand,
  compare: async () => (await import('./compare.js')).compareCommand,
  baseline: async () => (await import('./baseline.js')).baselineCommand,
  validate: async () => (await import('./validate.js')).validateCommand,
  merge: async () => (await import('./merge.js')).mergeCommand,
  list: async () => (await import('./list.js')).listCommand,
  schema: async () => (await import('./schema.js')).schemaCommand,
  'bench-engine': async () => (await import('./bench-engine.js')).benchEngineCommand,
  claims: async () => (await import('./claims.js')).claimsCommand,
} satisfies Record<string, () => Promise<Command>>;

const args = hideBin(process.argv);
const named = args[0];
const wanted = named !== undefined && Object.hasOwn(commands, named) ? [commands[named as keyof typeof commands]] : Object.values(commands);

let cli = yargs(args)
  .scriptName('slimbench')
  .usage('$0 <command> [options]\n\nMeasure how much of a model survives compression, and what the smaller model buys.')
  .strict()
  .demandCommand(1, 'name a command')
  .recommendCommands()
  .epilogue('exit codes: 0 ok, 1 a gate failed or a regression, 2 bad input, 3 some cells failed, 4 internal error')
  .fail((msg, err, y) => {
    if (err) throw err;
    process.stderr.write(`${y.help()}\n\nerror: ${msg}\n`);
    process.exit(2);
  });
for (const load of wanted) cli = (await load())(cli);
await cli.help().parseAsync();
