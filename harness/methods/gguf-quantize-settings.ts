import { z } from 'zod';

/** Settings of the `gguf-quantize` method (tfjs-free, validated by suite/). */
export const ggufQuantizeSettings = z
  .object({
    type: z.enum(['q8_0', 'q4_0']).describe('ggml block type of the 2-D weight matrices: q8_0 (8-bit, 34 bytes per 32 weights) or q4_0 (4-bit, 18 bytes per 32)'),
  })
  .strict();
export type GgufQuantizeSettings = z.infer<typeof ggufQuantizeSettings>;
