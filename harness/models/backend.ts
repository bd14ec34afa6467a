import { initBackend as initEngineBackend, type BackendChoice } from '../engine/backend.js';
import { registerTransformerLayers } from './transformer-layers.js';

/**
 * Initialises the tfjs backend (see engine/backend.ts) and registers the project's custom layer
 * classes, which artifacts of its own architectures name: call this before building or loading
 * models. Returns the backend in use.
 */
export async function initBackend(choice: BackendChoice = 'auto', warn: (msg: string) => void = () => {}): Promise<string> {
  registerTransformerLayers();
  return initEngineBackend(choice, warn);
}
