import type { Argv } from 'yargs';
import { BACKENDS, type BackendChoice } from '../engine/backend.js';
import { InputError } from '../errors.js';
import { DEFAULT_CACHE_DIR } from '../runner/cache.js';
import type { RunRecord } from '../results/record.js';
import { exitCodeOf } from '../runner/exit-code.js';
import { runSuite } from '../runner/run-suite.js';
import { parseShard } from '../runner/shard.js';
import { runLlmSuite } from '../runner/llm-run.js';
import { checkSuiteEndpoints } from '../suite/llm-endpoints.js';
import { loadAnySuite } from '../suite/any-suite.js';
import { handle, progress } from './handle.js';

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
        .option('runtimes', {
          type: 'string',
          describe:
            "comma-separated runtimes that time every cell, overriding the suites' measure.runtimes (see 'slimbench list runtimes')",
        })
        .option('filter', { type: 'string', describe: 'only cells whose id or variant contains this text' })
        .option('workers', {
          type: 'number',
          describe:
            'worker threads (default: number of cores; 1 when at most 2 cells need computing); speed is then timed with the other workers busy',
        })
        .option('shard', { type: 'string', describe: "run shard i of n ('i/n'); join shard records with 'slimbench merge'" })
        .option('cache', { type: 'boolean', default: true, describe: 'reuse cached originals and cells (--no-cache recomputes them)' })
        .option('cache-dir', { type: 'string', default: DEFAULT_CACHE_DIR, describe: 'folder of the content-addressed cache' })
        .option('report', { type: 'boolean', default: false, describe: 'render the report site afterwards' })
        .option('report-out', { type: 'string', default: 'reports', describe: 'folder of the report site (with --report)' })
        .option('json', { type: 'boolean', default: false, describe: 'print only JSON on stdout: the run record paths and outcomes' }),
    (args) =>
      handle(async () => {
        const workers = args.workers;
        if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 256)) {
          throw new InputError(`--workers ${workers}: give a whole number from 1 to 256`, 'bad-workers');
        }
        const shard = args.shard !== undefined ? parseShard(args.shard) : undefined;
        // Validate every suite before running any, so bad input writes nothing.
        const suites = (args.suites as string[]).map((f) => loadAnySuite(f));
        for (const s of suites) if (s.kind === 'llm') await checkSuiteEndpoints(s);
        process.once('SIGINT', () => {
          progress('\ninterrupted: every finished cell is kept in the cache; run the same command again to resume');
          process.exit(130);
        });
        const runs: { suite: string; path: string; failedCells: number; failedGates: number }[] = [];
        const records: RunRecord[] = [];
        for (const suite of suites) {
          const options = {
            outDir: args.out,
            quick: args.quick,
            backend: args.backend as BackendChoice,
            filter: args.filter,
            ...(args.runtimes !== undefined
              ? {
                  runtimes: args.runtimes
                    .split(',')
                    .map((r) => r.trim())
                    .filter(Boolean),
                }
              : {}),
            workers,
            shard,
            cache: args.cache,
            cacheDir: args['cache-dir'],
            log: progress,
            progress: process.stderr,
          };
          const { record, path } = suite.kind === 'llm' ? await runLlmSuite(suite, options) : await runSuite(suite, options);
          const failedCells = record.cells.filter((c) => c.status === 'failed');
          const failedGates = record.gates.filter((g) => !g.pass);
          runs.push({ suite: suite.spec.name, path, failedCells: failedCells.length, failedGates: failedGates.length });
          const cache = record.run.cache;
          progress(`${suite.spec.name}: wrote ${path}${cache ? ` (cache: ${cache.hits} hits, ${cache.misses} misses)` : ''}`);
          for (const g of failedGates) progress(`  gate FAILED: ${g.cell ?? g.variant}: ${g.check} (value ${g.value ?? 'n/a'})`);
          for (const c of failedCells) progress(`  cell FAILED: ${c.id}: ${c.error}${c.errorCode ? ` [${c.errorCode}]` : ''}`);
          records.push(record);
        }
        const code = exitCodeOf(records);
        if (args.report) {
          // Loaded only when asked for: the report stack (vega, handlebars) is slow to import.
          const { buildSite } = await import('../report/site.js');
          // The whole results folder, so the index keeps every suite and its history.
          const site = await buildSite([args.out], { outDir: args['report-out'] });
          progress(`report: ${site.index}`);
        }
        if (args.json) process.stdout.write(`${JSON.stringify({ records: runs.map((r) => r.path), runs, exitCode: code })}\n`);
        return code;
      }),
  );
}
