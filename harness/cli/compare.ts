import type { Argv } from 'yargs';
import { compareRuns } from '../compare/compare.js';
import { confirmRegressions } from '../compare/confirm.js';
import { runnerRerun } from './confirm-rerun.js';
import { FORMATS, renderComparison, writeRendered, type Format } from '../compare/format.js';
import { resolveTolerances } from '../compare/settings.js';
import { CELL_STATES } from '../compare/types.js';
import { InputError } from '../errors.js';
import { BASELINE_DIR, baselinePath } from '../results/baseline.js';
import { readRecord } from '../results/store.js';
import { EXIT, handle, progress } from './handle.js';

/** `slimbench compare RUN.json [--baseline B.json]` */
export function compareCommand(y: Argv): Argv {
  return y.command(
    'compare <run>',
    'compare a run record with its baseline: a verdict per cell (exit 1 on a regression)',
    (a) =>
      a
        .positional('run', { type: 'string', demandOption: true, describe: 'run record (results/<suite>/<run>.json)' })
        .option('baseline', { type: 'string', describe: 'baseline run record (default <baselines>/<suite>.json)' })
        .option('baselines', { type: 'string', default: BASELINE_DIR, describe: 'folder of baselines, for the default --baseline' })
        .option('format', {
          choices: FORMATS,
          array: true,
          default: ['md'] as Format[],
          describe: 'output format(s), paired with --output files; benchmark-action (bigger-is-better) also writes <output>.smaller.json',
        })
        .option('output', { type: 'string', array: true, describe: 'file(s) to write, one per --format (default stdout)' })
        .option('fdr', {
          type: 'number',
          default: 0.05,
          describe: "false discovery rate across the cells' quality tests (Benjamini–Hochberg)",
        })
        .option('confirm', {
          type: 'boolean',
          default: false,
          describe: 'rerun regressed cells and keep only regressions the rerun reproduces',
        })
        .option('suite', { type: 'string', describe: "suite file whose 'compare' tolerances apply (default: the one the run names)" }),
    (args) =>
      handle(async () => {
        const formats = args.format as Format[];
        const outputs = (args.output as string[] | undefined) ?? [];
        if (outputs.length > 0 && outputs.length !== formats.length) {
          throw new InputError(
            `--output: ${outputs.length} file(s) for ${formats.length} --format(s); give one --output per --format, in the same order`,
            'compare-outputs',
          );
        }
        if (outputs.length === 0 && formats.length > 1)
          throw new InputError('--format: several formats need one --output file each', 'compare-outputs');
        if (!(args.fdr > 0 && args.fdr < 1))
          throw new InputError(`--fdr ${args.fdr}: give a rate between 0 and 1, e.g. 0.05`, 'compare-fdr');
        const current = { path: args.run as string, record: readRecord(args.run as string) };
        const basePath = args.baseline ?? baselinePath(current.record.suite.name, args.baselines);
        let baseRecord;
        try {
          baseRecord = readRecord(basePath);
        } catch (err) {
          if (args.baseline === undefined && err instanceof InputError && err.code === 'record-missing') {
            throw new InputError(
              `${basePath}: no baseline for suite '${current.record.suite.name}'; accept a run with 'slimbench baseline update RUN.json', or pass --baseline`,
              'no-baseline',
            );
          }
          throw err;
        }
        const baseline = { path: basePath, record: baseRecord };
        const { tolerances, source } = resolveTolerances(current.record.suite.file, args.suite);
        const opts = { tolerances, toleranceSource: source, fdr: args.fdr };
        let comparison = compareRuns(current, baseline, opts);
        if (args.confirm) comparison = await confirmRegressions(comparison, baseline, runnerRerun(current.record, progress), opts);
        formats.forEach((format, i) => {
          const written = writeRendered(renderComparison(format, comparison, current, outputs[i]), outputs[i]);
          for (const w of written) progress(`wrote ${w}`);
        });
        const counts = CELL_STATES.filter((s) => comparison.counts[s] > 0).map((s) => `${comparison.counts[s]} ${s}`);
        progress(`${comparison.suite}: ${counts.join(', ') || 'no cells'} (against ${basePath})`);
        return comparison.regressed ? EXIT.gateFailed : EXIT.ok;
      }),
  );
}
