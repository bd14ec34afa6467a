import type { Argv } from 'yargs';
import { BASELINE_DIR, updateBaseline } from '../results/baseline.js';
import { handle, progress } from './handle.js';

/** `slimbench baseline update RUN.json` */
export function baselineCommand(y: Argv): Argv {
  return y.command('baseline', 'manage the accepted reference run of each suite (baselines/<suite>.json)', (b) =>
    b
      .command(
        'update <run>',
        'make a run record the baseline of its suite (copies its per-item predictions beside it)',
        (a) =>
          a
            .positional('run', { type: 'string', demandOption: true, describe: 'run record (a merged record for sharded runs)' })
            .option('dir', { type: 'string', default: BASELINE_DIR, describe: 'folder of baselines' })
            .option('force', { type: 'boolean', default: false, describe: 'accept a run with failed cells or a single shard' }),
        (args) =>
          handle(async () => {
            const r = updateBaseline(args.run as string, { dir: args.dir, force: args.force });
            progress(
              `${r.replaced ? 'replaced' : 'wrote'} ${r.path}${r.copied.length ? ` (+${r.copied.length} predictions file(s))` : ''}${r.removed.length ? `; removed ${r.removed.length} predictions file(s) no baseline uses` : ''}`,
            );
          }),
      )
      .demandCommand(1, "name a subcommand: 'baseline update RUN.json'"),
  );
}
