import { z } from 'zod';
import type { MethodSpec } from './spec.js';

/** Settings of the `gguf-quantize` method (tfjs-free, validated by suite/). */
export const ggufQuantizeSettings = z
  .object({
    type: z
      .enum(['q8_0', 'q4_0'])
      .describe('ggml block type of the 2-D weight matrices: q8_0 (8-bit, 34 bytes per 32 weights) or q4_0 (4-bit, 18 bytes per 32)'),
  })
  .strict();
export type GgufQuantizeSettings = z.infer<typeof ggufQuantizeSettings>;

/** Description, settings and file kind of `gguf-quantize`. */
export const ggufQuantizeSpec: MethodSpec<GgufQuantizeSettings> & { kind: 'gguf' } = {
  kind: 'gguf',
  description: "rewrite an F32/F16 GGUF file's weight matrices as Q8_0 or Q4_0 (ggml's block formats); norms stay F32",
  settings: ggufQuantizeSettings,
};
