import type { Argv } from 'yargs';
import { isInputError } from '../errors.js';
import { expandPlan, needsLayerIndices } from '../suite/plan.js';
import { checkSuiteEndpoints } from '../suite/llm-endpoints.js';
import { loadAnySuite } from '../suite/any-suite.js';
import { EXIT, handle } from './handle.js';

/** `slimbench validate <suite.yaml...>` */
export function validateCommand(y: Argv): Argv {
  return y.command(
    'validate <suites..>',
    'check suite files; errors as file:line:col message',
    (a) => a.positional('suites', { type: 'string', array: true, demandOption: true, describe: 'suite YAML files' }),
    (args) =>
      handle(async () => {
        let code: number = EXIT.ok;
        for (const file of args.suites as string[]) {
          try {
            const any = loadAnySuite(file);
            if (any.kind === 'llm') {
              await checkSuiteEndpoints(any);
              const models = 1 + any.spec.variants.length;
              process.stdout.write(`${file}: ok (${models} cells, ${any.spec.tasks.length} tasks)\n`);
              continue;
            }
            const suite = any;
            // Sensitivity over 'all' layers needs the built model; count one layer per point here.
            const perLayer = needsLayerIndices(suite);
            const plan = expandPlan(suite, false, perLayer ? [0] : undefined);
            const quick = expandPlan(suite, true, perLayer ? [0] : undefined);
            const note = perLayer ? ", sensitivity cells counted for one layer: they multiply by the model's layers at run time" : '';
            process.stdout.write(`${file}: ok (${plan.cells.length} cells, ${quick.cells.length} in --quick${note})\n`);
          } catch (err) {
            if (!isInputError(err)) throw err;
            process.stderr.write(`${err.message}\n`);
            code = EXIT.badInput;
          }
        }
        return code;
      }),
  );
}
