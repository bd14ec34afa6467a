#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { baselineCommand } from './baseline.js';
import { benchEngineCommand } from './bench-engine.js';
import { claimsCommand } from './claims.js';
import { compareCommand } from './compare.js';
import { listCommand } from './list.js';
import { mergeCommand } from './merge.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { schemaCommand } from './schema.js';
import { validateCommand } from './validate.js';

const commands = [runCommand, reportCommand, compareCommand, baselineCommand, validateCommand, mergeCommand, listCommand, schemaCommand, benchEngineCommand, claimsCommand];

let cli = yargs(hideBin(process.argv))
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
for (const add of commands) cli = add(cli);
await cli.help().parseAsync();
