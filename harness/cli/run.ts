import type { Argv } from 'yargs';
import { BACKENDS, type BackendChoice } from '../engine/backend.js';
import { runSuite } from '../runner/run-suite.js';
import { loadSuite } from '../suite/load.js';
import { buildSite } from '../report/site.js';
import { EXIT, handle, progress } from './handle.js';

/** `slimbench run <suite.yaml...>` */
export function runCommand(y: Argv): Argv {
  return y.command(
    'run <suites..>',
    'run benchmark suites and write their run records',
    (a) =>
      a
        .positional('suites', { type: 'string', array: true, demandOption: true, describe: 'suite YAML files' })
        .option('out', { type: 'string', default: 'results', describe: 'folder of run records' })
        .option('quick', { type: 'boolean', default: false, describe: "apply each suite's quick overrides (smoke run)" })
        .option('backend', { choices: BACKENDS, default: 'auto' as BackendChoice, describe: 'tfjs backend' })
        .option('filter', { type: 'string', describe: 'only cells whose id or variant contains this text' })
        .option('report', { type: 'boolean', default: false, describe: 'render the report site afterwards' })
        .option('report-out', { type: 'string', default: 'reports', describe: 'folder of the report site (with --report)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the run record paths as JSON on stdout' }),
    (args) =>
      handle(async () => {
        // Validate every suite before running any, so bad input writes nothing.
        const suites = (args.suites as string[]).map((f) => loadSuite(f));
        const paths: string[] = [];
        let code: number = EXIT.ok;
        for (const suite of suites) {
          const { record, path } = await runSuite(suite, {
            outDir: args.out,
            quick: args.quick,
            backend: args.backend as BackendChoice,
            filter: args.filter,
            log: progress,
          });
          paths.push(path);
          const failedCells = record.cells.filter((c) => c.status === 'failed');
          const failedGates = record.gates.filter((g) => !g.pass);
          progress(`${suite.spec.name}: wrote ${path}`);
          for (const g of failedGates) progress(`  gate FAILED: ${g.cell ?? g.variant}: ${g.check} (value ${g.value ?? 'n/a'})`);
          for (const c of failedCells) progress(`  cell FAILED: ${c.id}: ${c.error}`);
          if (failedCells.length > 0) code = EXIT.cellsFailed;
          else if (failedGates.length > 0 && code === EXIT.ok) code = EXIT.gateFailed;
        }
        if (args.report) {
          const site = await buildSite(paths, { outDir: args['report-out'] });
          progress(`report: ${site.index}`);
        }
        if (args.json) process.stdout.write(`${JSON.stringify({ records: paths })}\n`);
        return code;
      }),
  );
}
