import type { Argv } from 'yargs';
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { handle, progress } from './handle.js';

/** `slimbench report [RUN.json or DIR...]` */
export function reportCommand(y: Argv): Argv {
  return y.command(
    'report [inputs..]',
    'render run records into a static HTML site',
    (a) =>
      a
        .positional('inputs', { type: 'string', array: true, default: ['results'], describe: 'run records or folders of them' })
        .option('out', { type: 'string', default: 'reports', describe: 'output folder' })
        .option('interactive', {
          type: 'boolean',
          default: false,
          describe: "charts with tooltips and zoom (vega-embed from the site's own assets/)",
        })
        .option('single-file', {
          type: 'boolean',
          default: false,
          describe: 'one self-contained HTML file per run (scripts and downloads inlined)',
        })
        .example('$0 report results/ --out reports/', 'every stored run, with trends')
        .example('$0 report results/quickstart/RUN.json --single-file', 'one page to attach or mail'),
    (args) =>
      handle(async () => {
        const inputs = args.inputs as string[];
        for (const i of inputs)
          if (!existsSync(i))
            throw new InputError(`${i}: no such file or folder; pass run records (results/<suite>/<run>.json) or their folder`, 'no-input');
        const t0 = performance.now();
        // Loaded here, not at startup: the report stack (vega, handlebars) is slow to import.
        const { buildSite } = await import('../report/site.js');
        const site = await buildSite(inputs, { outDir: args.out, interactive: args.interactive, singleFile: args['single-file'] });
        for (const w of site.warnings) progress(`warning: ${w}`);
        const largest = Math.max(...site.pages.map((p) => p.bytes));
        progress(
          `wrote ${site.pages.length} page(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s (largest ${(largest / 1e6).toFixed(2)} MB): ${site.index}`,
        );
      }),
  );
}
