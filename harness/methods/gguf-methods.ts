import type { z } from 'zod';

/**
 * A method that rewrites a GGUF file into a smaller one (file in, file out), for LLM suites whose
 * variants are made from the original's file. Its settings schema lives in a tfjs-free module.
 */
export interface GgufMethod<S = any> {
  description: string;
  settings: z.ZodType<S>;
  /** Writes the variant of the GGUF file at `input` to `output`. */
  apply(input: string, output: string, settings: S): void | Promise<void>;
}

/** Every GGUF method, by the name LLM suites use in a variant's `method`. */
export const ggufMethods = {} satisfies Record<string, GgufMethod>;
