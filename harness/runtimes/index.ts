import { InputError, unknownNameMessage } from '../errors.js';
import { chromiumOnnxruntimeWeb, chromiumTfjs } from './chromium/index.js';
import { onnxruntime } from './onnxruntime.js';
import { onnxruntimeWeb } from './onnxruntime-web.js';
import { tfjs } from './tfjs.js';
import type { Runtime } from './types.js';

/** Every runtime, by the name suites use in `measure.runtimes`. */
export const runtimes = {
  tfjs,
  onnxruntime,
  'onnxruntime-web': onnxruntimeWeb,
  'chromium-tfjs': chromiumTfjs,
  'chromium-onnxruntime-web': chromiumOnnxruntimeWeb,
} satisfies Record<string, Runtime>;

export type RegisteredRuntime = keyof typeof runtimes;

/** Names of the runtimes of this build (`names.ts` lists every name a suite may give). */
export const REGISTERED_RUNTIMES = Object.keys(runtimes) as RegisteredRuntime[];

/** The runtime of that name, or an InputError listing the valid names and the closest match. */
export function getRuntime(name: string, where = ''): Runtime {
  if (!Object.hasOwn(runtimes, name))
    throw new InputError(`${where}${unknownNameMessage('runtime', name, REGISTERED_RUNTIMES)}`, 'unknown-runtime');
  return runtimes[name as RegisteredRuntime];
}
