import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputError } from '../errors.js';
import { compareSettings, DEFAULT_COMPARE, type CompareSettings } from '../suite/compare-settings.js';

export { compareSettings, DEFAULT_COMPARE, type CompareSettings } from '../suite/compare-settings.js';

/**
 * The tolerances to compare a run with: the `compare` field of `suiteFile` when given (an
 * unreadable or invalid file is an InputError), else of the suite file the record names when it
 * can be read, else the defaults. `source` says which.
 */
export function resolveTolerances(recordSuiteFile: string, suiteFile?: string): { tolerances: CompareSettings; source: string } {
  const file = suiteFile ?? recordSuiteFile;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    if (suiteFile !== undefined) throw new InputError(`${suiteFile}: cannot read the suite file; check the --suite path`, 'suite-missing');
    return { tolerances: DEFAULT_COMPARE, source: `defaults; suite file ${file} not found` };
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    if (suiteFile !== undefined)
      throw new InputError(`${file}: YAML syntax error (${(err as Error).message.split('\n')[0]}); fix the suite file`, 'suite-yaml');
    return { tolerances: DEFAULT_COMPARE, source: `defaults; suite file ${file} unreadable` };
  }
  const raw = typeof doc === 'object' && doc !== null ? (doc as { compare?: unknown }).compare : undefined;
  const parsed = compareSettings.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${file}: at 'compare.${issue.path.join('.')}': ${issue.message}; see 'slimbench schema' for the compare field`,
      'suite-schema',
    );
  }
  return { tolerances: parsed.data, source: raw === undefined ? `defaults; ${file} sets no compare field` : `${file}` };
}
