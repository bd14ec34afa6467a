import { z } from 'zod';
import type { MethodSpec } from './spec.js';

const BITS = 'must be an integer in 2..16';
const bits = (name: string) => z.number().int(`${name} ${BITS}`).min(2, `${name} ${BITS}`).max(16, `${name} ${BITS}`);
const ROWS = 'calibrationRows must be an integer in 1..100000';

/** Settings of post-training weight quantization. */
export const quantizeSettings = z
  .object({
    dtype: z.enum(['affine', 'float16']).default('affine').describe("'affine': integer codes (see bits), zero exactly representable; 'float16': IEEE half floats"),
    bits: bits('bits')
      .optional()
      .describe('affine code width (2..16, default 8): 8 and 16 are stored as tfjs uint8/uint16; 2..7 as uint8 and 9..15 as uint16 codes restricted to 2^bits levels'),
    scope: z.enum(['kernels', 'all']).default('kernels').describe("'kernels': kernels and embeddings only (biases and norms stay float32); 'all': every float32 weight"),
    activationBits: bits('activationBits')
      .optional()
      .describe('simulate quantized activations at these bits (2..16) and report the simulated accuracy in methodInfo; the artifact cannot hold them, so this never changes what is shipped'),
    calibrationRows: z.number().int(ROWS).min(1, ROWS).max(100_000, ROWS).default(256).describe('training rows that calibrate the simulated activation ranges (1..100000)'),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.dtype === 'float16' && s.bits !== undefined) ctx.addIssue({ code: 'custom', path: ['bits'], message: "bits applies to dtype 'affine' only; remove it for float16" });
  });
/** Parsed settings of `quantize`. */
export type QuantizeSettings = z.infer<typeof quantizeSettings>;

/** Description and settings of `quantize`. */
export const quantizeSpec: MethodSpec<QuantizeSettings> = {
  description: 'post-training weight quantization: float16, or affine 2..16-bit codes per tensor stored as tfjs uint8/uint16; optional simulated activation quantization',
  settings: quantizeSettings,
};
