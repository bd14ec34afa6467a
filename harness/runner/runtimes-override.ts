import { InputError, unknownNameMessage } from '../errors.js';
import { RUNTIME_NAMES, type RuntimeName } from '../runtimes/names.js';
import type { LoadedSuite } from '../suite/load.js';

/** The suite with `--runtimes` in place of its `measure.runtimes` (checked against the runtime names). */
export function withRuntimes(suite: LoadedSuite, names: string[] | undefined): LoadedSuite {
  if (names === undefined) return suite;
  for (const name of names) {
    if (!(RUNTIME_NAMES as readonly string[]).includes(name)) {
      throw new InputError(`--runtimes: ${unknownNameMessage('runtime', name, RUNTIME_NAMES)}`, 'unknown-runtime');
    }
  }
  if (names.length === 0 || new Set(names).size !== names.length) {
    throw new InputError('--runtimes: list at least one runtime, each once (e.g. --runtimes tfjs,onnxruntime)', 'bad-runtimes');
  }
  return { ...suite, spec: { ...suite.spec, measure: { ...suite.spec.measure, runtimes: names as RuntimeName[] } } };
}
