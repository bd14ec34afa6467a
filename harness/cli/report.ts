import type { Argv } from 'yargs';
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { buildSite } from '../report/site.js';
import { handle, progress } from './handle.js';

/** `slimbench report [RUN.json or DIR...]` */
export function reportCommand(y: Argv): Argv {
  return y.command(
    'report [inputs..]',
    'render run records into a static HTML site',
    (a) =>
      a
        .positional('inputs', { type: 'string', array: true, default: ['results'], describe: 'run records or folders of them' })
        .option('out', { type: 'string', default: 'reports', describe: 'output folder' }),
    (args) =>
      handle(async () => {
        const inputs = args.inputs as string[];
        for (const i of inputs) if (!existsSync(i)) throw new InputError(`${i}: no such file or folder; pass run records (results/<suite>/<run>.json) or their folder`, 'no-input');
        const { index } = await buildSite(inputs, { outDir: args.out });
        progress(`wrote ${index}`);
      }),
  );
}
