import type { Argv } from 'yargs';
import { writeFileAtomic } from '../io/write-atomic.js';
import { suiteJsonSchema } from '../suite/json-schema.js';
import { handle, progress } from './handle.js';

/** Where the committed editor schema lives (suites point at it with `# yaml-language-server`). */
export const SCHEMA_FILE = 'suites/suite.schema.json';

/** The JSON Schema of suite files as the text `slimbench schema` prints or writes. */
export function suiteSchemaText(): string {
  return `${JSON.stringify(suiteJsonSchema(), null, 2)}\n`;
}

/** `slimbench schema [--out FILE]` */
export function schemaCommand(y: Argv): Argv {
  return y.command(
    'schema',
    'print the JSON Schema of suite files (for editor autocompletion)',
    (a) => a.option('out', { type: 'string', describe: `write it to this file (the repository keeps it in ${SCHEMA_FILE})` }),
    (args) =>
      handle(async () => {
        if (args.out) {
          writeFileAtomic(args.out, suiteSchemaText());
          progress(`wrote ${args.out}`);
        } else {
          process.stdout.write(suiteSchemaText());
        }
      }),
  );
}
