import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { ArtifactFormat, ModelArtifact } from './types.js';

/** Throws unless `artifact` is in the format the runtime loads. */
export function requireFormat(runtime: string, artifact: ModelArtifact, format: ArtifactFormat): void {
  if (artifact.format !== format)
    throw new InputError(
      `${artifact.path}: runtime '${runtime}' loads ${format} models, not ${artifact.format}; export the model to ${format} first`,
      'runtime-format',
    );
}

/** The bytes of an .onnx file, or an InputError naming it. */
export function readOnnxFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new InputError(
      `${path}: cannot read the ONNX model (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the path`,
      'onnx-unreadable',
    );
  }
}

/** An onnxruntime failure to create a session, as an InputError naming the file. */
export function onnxLoadError(path: string, err: unknown): InputError {
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  return new InputError(
    `${path}: onnxruntime cannot load it as an ONNX model (${first}); the file is corrupt or not ONNX — re-export it`,
    'onnx-bad-model',
  );
}
