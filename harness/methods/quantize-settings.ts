import { z } from 'zod';
import { QUANTIZABLE_OPS } from '../runtimes/onnx-quantize-select.js';
import type { MethodSpec } from './spec.js';

/** Where the quantized model goes: tfjs weights, or an integer ONNX model. */
export const QUANTIZE_FORMATS = ['weights', 'onnx-dynamic', 'onnx-static'] as const;
export type QuantizeFormat = (typeof QUANTIZE_FORMATS)[number];

const BITS = 'must be an integer in 2..16';
const bits = (name: string) => z.number().int(`${name} ${BITS}`).min(2, `${name} ${BITS}`).max(16, `${name} ${BITS}`);
const ROWS = 'calibrationRows must be an integer in 1..100000';

/** Settings of post-training weight quantization. */
export const quantizeSettings = z
  .object({
    dtype: z
      .enum(['affine', 'float16'])
      .default('affine')
      .describe("'affine': integer codes (see bits), zero exactly representable; 'float16': IEEE half floats"),
    bits: bits('bits')
      .optional()
      .describe(
        'affine code width (2..16, default 8): 8 and 16 are stored as tfjs uint8/uint16; 2..7 as uint8 and 9..15 as uint16 codes restricted to 2^bits levels',
      ),
    scope: z
      .enum(['kernels', 'all'])
      .default('kernels')
      .describe("'kernels': kernels and embeddings only (biases and norms stay float32); 'all': every float32 weight"),
    activationBits: bits('activationBits')
      .optional()
      .describe(
        'simulate quantized activations at these bits (2..16) and report the simulated accuracy in methodInfo; the artifact cannot hold them, so this never changes what is shipped',
      ),
    calibrationRows: z
      .number()
      .int(ROWS)
      .min(1, ROWS)
      .max(100_000, ROWS)
      .default(256)
      .describe('training rows that calibrate activation ranges: the simulation, and onnx-static (1..100000)'),
    format: z
      .enum(QUANTIZE_FORMATS)
      .optional()
      .describe(
        "default 'weights': tfjs artifact with quantized weights (dequantized at load); 'onnx-dynamic': int8 ONNX weights, activations quantized at run time (MatMulInteger/ConvInteger); 'onnx-static': int8 QDQ ONNX (S8S8), activations calibrated on calibrationRows training rows",
      ),
    perChannel: z.boolean().optional().describe('onnx formats: one weight scale per output channel instead of per tensor (default false)'),
    ops: z
      .array(z.enum(QUANTIZABLE_OPS))
      .min(1, "ops needs at least one of 'matmul', 'conv'")
      .optional()
      .describe(
        'onnx formats: which ops are quantized (default [matmul, conv]); the others stay float32 — e.g. [matmul] for dynamic int8 of a convnet whose ConvInteger is slow',
      ),
    minDim: z
      .number()
      .int('minDim must be an integer >= 0')
      .min(0, 'minDim must be an integer >= 0')
      .optional()
      .describe(
        "onnx formats: MatMul / Conv nodes with fewer multiply-adds than this per output (a MatMul's inner dimension, a Conv's input channels × kernel area) or per input value (a MatMul's columns, a Conv's output channels × kernel area) stay float32 (default 0: all are quantized)",
      ),
    calibration: z
      .enum(['minmax', 'percentile'])
      .optional()
      .describe("onnx-static: activation ranges from the calibration rows' min and max (default), or from percentiles"),
    percentile: z
      .number()
      .gt(50)
      .max(100)
      .optional()
      .describe("onnx-static with calibration 'percentile': share of calibration values inside the range, in percent (default 99.99)"),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.format !== undefined && s.format !== 'weights') {
      for (const key of ['dtype', 'bits', 'activationBits'] as const) {
        if (key === 'dtype' ? s.dtype !== 'affine' : s[key] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `${key} applies to format 'weights' only; the onnx formats are int8 — remove it`,
          });
      }
    }
    if (s.format === undefined || s.format === 'weights') {
      for (const key of ['ops', 'minDim', 'perChannel', 'calibration', 'percentile'] as const) {
        if (s[key] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `${key} applies to the onnx formats only (format: onnx-dynamic or onnx-static) — remove it or set format`,
          });
      }
    }
    if (s.dtype === 'float16' && s.bits !== undefined)
      ctx.addIssue({ code: 'custom', path: ['bits'], message: "bits applies to dtype 'affine' only; remove it for float16" });
  });
/** Parsed settings of `quantize`. */
export type QuantizeSettings = z.infer<typeof quantizeSettings>;

/** Description and settings of `quantize`. */
export const quantizeSpec: MethodSpec<QuantizeSettings> = {
  description:
    'post-training quantization: tfjs weights as float16 or affine 2..16-bit codes (format weights), or an int8 ONNX model onnxruntime runs as integers (onnx-dynamic, onnx-static QDQ)',
  settings: quantizeSettings,
};
