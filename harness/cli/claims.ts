import { writeFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { InputError } from '../errors.js';
import { BASELINE_DIR } from '../results/baseline.js';
import { collectClaims, regeneratedReadme, renderClaims } from '../report/claims.js';
import { EXIT, handle, progress } from './handle.js';

/** `slimbench claims [--write README.md | --check README.md]` */
export function claimsCommand(y: Argv): Argv {
  return y.command(
    'claims',
    "results table of the suites' claims from their baselines: print it, write it into the README, or check the README (exit 1 when out of date)",
    (a) =>
      a
        .option('suites', { type: 'string', default: 'suites', describe: 'folder of suite files (those with a claim are listed)' })
        .option('baselines', { type: 'string', default: BASELINE_DIR, describe: 'folder of baselines' })
        .option('write', {
          type: 'string',
          describe: 'file whose results section (between the results markers) is rewritten; appended when it has none',
        })
        .option('check', { type: 'string', describe: 'file whose results section must equal the generated one (exit 1 when it differs)' }),
    (args) =>
      handle(async () => {
        if (args.write !== undefined && args.check !== undefined)
          throw new InputError('--write and --check: give one of them', 'claims-flags');
        const target = args.write ?? args.check;
        if (target === undefined) {
          process.stdout.write(renderClaims(collectClaims(args.suites, args.baselines), process.cwd()));
          return EXIT.ok;
        }
        const { current, next } = regeneratedReadme(target, args.suites, args.baselines);
        if (args.check !== undefined) {
          if (current === next) return EXIT.ok;
          progress(
            `${target}: the results section differs from ${args.baselines}/; regenerate it with 'slimbench claims --write ${target}'`,
          );
          return EXIT.gateFailed;
        }
        if (current !== next) writeFileSync(target, next);
        progress(current === next ? `${target}: up to date` : `wrote the results section of ${target}`);
        return EXIT.ok;
      }),
  );
}
