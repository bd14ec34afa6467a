import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { InputError } from '../errors.js';
import { registerWasmTrainingKernels } from './kernels/index.js';

/** Backend choices of `--backend`. */
export const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

let nodeBindingLoaded: boolean | undefined;

/** Loads `@tensorflow/tfjs-node` when it is installed and its native library loads. */
function tryLoadNode(): boolean {
  if (nodeBindingLoaded === undefined) {
    try {
      createRequire(import.meta.url)('@tensorflow/tfjs-node');
      nodeBindingLoaded = tf.findBackend('tensorflow') !== undefined;
    } catch {
      nodeBindingLoaded = false;
    }
  }
  return nodeBindingLoaded;
}

/**
 * Selects and initialises the tfjs backend and registers the extra wasm training kernels. `auto`
 * prefers tfjs-node, then wasm, and falls back to the pure-JS cpu backend with a warning (it is
 * 20-40x slower). Returns the backend in use. The project's custom layer classes are registered
 * by `initBackend` of models/backend.ts, which callers that load models use.
 */
export async function initBackend(choice: BackendChoice = 'auto', warn: (msg: string) => void = () => {}): Promise<string> {
  // The wasm kernels register for the wasm backend only and are idempotent, so this runs on every call.
  registerWasmTrainingKernels();
  if (!BACKENDS.includes(choice)) {
    throw new InputError(`--backend: unknown backend '${choice}'; valid: ${BACKENDS.join(', ')}`, 'bad-backend');
  }
  const order: string[] = choice === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [choice];
  for (const name of order) {
    if (name === 'tensorflow' && !tryLoadNode()) {
      if (choice === 'tensorflow') {
        throw new InputError(
          '--backend tensorflow: @tensorflow/tfjs-node is not installed or its native library did not load; use --backend wasm',
          'no-tfjs-node',
        );
      }
      continue;
    }
    if (tf.getBackend() === name) return name;
    let ok: boolean;
    try {
      ok = await tf.setBackend(name);
      await tf.ready();
    } catch {
      ok = false;
    }
    if (ok) {
      // The cpu backend prints an advert for tfjs-node on its first tensor write; the warning
      // below says more. (The IS_TEST flag would hide it too, but that turns on tfjs's per-kernel
      // leak check for every backend, which then throws on wasm's fused kernels.)
      if (name === 'cpu') (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
      if (name === 'cpu' && choice === 'auto') {
        warn(
          'warning: falling back to the pure-JS cpu backend, roughly 30x slower than wasm for inference and unusable for training conv nets',
        );
      }
      return name;
    }
  }
  throw new InputError(`--backend ${choice}: no usable tfjs backend could be initialised`, 'no-backend');
}
