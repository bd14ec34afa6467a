import type { Argv } from 'yargs';
import { z } from 'zod';
import { datasets } from '../data/index.js';
import { methodKinds } from '../methods/kinds.js';
import { methodSpecs } from '../methods/specs.js';
import { archSpecs } from '../models/specs.js';
import { CLAIM_ROOTS, GATE_ROOTS, METRIC_FIELDS } from '../results/metrics.js';
import { handle } from './handle.js';
import { RUNTIME_NAMES } from '../runtimes/names.js';
import type { Runtime } from '../runtimes/types.js';

type Entry = { description: string; settings: z.ZodType };

/** One line per setting: name, type, default and range, from its zod schema. */
export function describeSettings(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([key, p]) => {
    const type = p.enum ? (p.enum as unknown[]).map(String).join('|') : (p.type ?? (p.anyOf ? 'value' : 'object'));
    const range = [
      p.minimum !== undefined ? `>= ${p.minimum}` : p.exclusiveMinimum !== undefined ? `> ${p.exclusiveMinimum}` : '',
      p.maximum !== undefined ? `<= ${p.maximum}` : p.exclusiveMaximum !== undefined ? `< ${p.exclusiveMaximum}` : '',
    ].filter(Boolean);
    const req = json.required?.includes(key) && p.default === undefined ? ', required' : '';
    const def = p.default !== undefined ? `, default ${JSON.stringify(p.default)}` : '';
    return `    ${key} (${type}${range.length ? ` ${range.join(' and ')}` : ''}${def}${req})${p.description ? `: ${p.description}` : ''}`;
  });
}

function printRegistry(title: string, registry: Record<string, Entry>, note: (name: string) => string = () => ''): void {
  process.stdout.write(`${title}:\n`);
  for (const [name, e] of Object.entries(registry)) {
    process.stdout.write(`  ${name}: ${e.description}${note(name)}\n`);
    for (const line of describeSettings(e.settings)) process.stdout.write(`${line}\n`);
  }
}

/** Each runtime name with its description and whether it runs here (when not, how to get it). */
async function printRuntimes(): Promise<void> {
  const { runtimes } = await import('../runtimes/index.js');
  process.stdout.write('runtimes:\n');
  for (const name of RUNTIME_NAMES) {
    const runtime = Object.hasOwn(runtimes, name) ? (runtimes as Record<string, Runtime>)[name] : undefined;
    const a = runtime ? await runtime.availability() : { available: false as const, hint: 'not part of this build of slimbench' };
    process.stdout.write(
      `  ${name}: ${runtime?.description ?? '(not built)'}\n    ${a.available ? 'available here' : `unavailable: ${a.hint}`}\n`,
    );
  }
}

/** Every record figure with its meaning, then which roots gates and claim figures may name. */
function printMetrics(): void {
  for (const f of METRIC_FIELDS) process.stdout.write(`  ${f.path}: ${f.doc}\n`);
  process.stdout.write(`gates check fields under: ${GATE_ROOTS.join(', ')}\n`);
  process.stdout.write(`claim figures name fields under: ${CLAIM_ROOTS.join(', ')}\n`);
}

/** `slimbench list methods|datasets|archs|metrics|runtimes` */
export function listCommand(y: Argv): Argv {
  return y.command(
    'list <what>',
    'list registered methods, datasets, architectures, metrics or runtimes (available here, or how to get them)',
    (a) => a.positional('what', { choices: ['methods', 'datasets', 'archs', 'metrics', 'runtimes'] as const, demandOption: true }),
    (args) =>
      handle(async () => {
        if (args.what === 'methods') printRegistry('methods', methodSpecs, (m) => ` [models: ${methodKinds(m).join(', ')}]`);
        else if (args.what === 'datasets') printRegistry('dataset sources', datasets);
        else if (args.what === 'archs') printRegistry('architectures', archSpecs);
        else if (args.what === 'runtimes') await printRuntimes();
        else printMetrics();
      }),
  );
}
