import type { z } from 'zod';

/** What a file method is given besides its settings. */
export interface FileMethodContext {
  /** Directory the method writes its output file into (created when missing). */
  outDir: string;
  seed: number;
  log(message: string): void;
}

/** What a file method hands back, as plain data. */
export interface FileMethodResult {
  /** The file it wrote. */
  path: string;
  /** Bytes of that file. */
  fileBytes: number;
  /** What it did, as plain JSON (types of the tensors, counts, ratios). */
  info: Record<string, unknown>;
}

/**
 * A compression method that acts on a model file rather than on a tfjs LayersModel (the
 * {@link CompressionMethod} shape). `kind` names the file format it reads and writes; `apply`
 * reads `input`, never changes it, and writes a new file under `ctx.outDir`. Bad input (a file
 * of the wrong kind or type) is an InputError naming the file.
 */
export interface FileMethod<S = any> {
  kind: 'gguf';
  description: string;
  settings: z.ZodType<S>;
  apply(input: string, settings: S, ctx: FileMethodContext): Promise<FileMethodResult>;
}
