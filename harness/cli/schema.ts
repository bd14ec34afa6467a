import type { Argv } from 'yargs';
import { z } from 'zod';
import { suiteSpec } from '../suite/schema.js';
import { handle } from './handle.js';

/** JSON Schema of suite files, for editors (`# yaml-language-server: $schema=...`). */
export function suiteJsonSchema(): object {
  return z.toJSONSchema(suiteSpec, { io: 'input', unrepresentable: 'any' });
}

/** `slimbench schema` */
export function schemaCommand(y: Argv): Argv {
  return y.command(
    'schema',
    'print the JSON Schema of suite files (for editor autocompletion)',
    (a) => a,
    () =>
      handle(async () => {
        process.stdout.write(`${JSON.stringify(suiteJsonSchema(), null, 2)}\n`);
      }),
  );
}
