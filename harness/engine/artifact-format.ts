import { z } from 'zod';

/**
 * The tfjs `model.json` format (layers models) as one zod schema, shared by the artifact writer
 * and reader, plus the byte arithmetic of weight-manifest entries.
 */

/** File name of the topology + manifest file. */
export const MODEL_JSON = 'model.json';
/** File name of the single weights file the writer produces. */
export const WEIGHTS_BIN = 'weights.bin';

const quantization = z
  .object({
    dtype: z.enum(['uint8', 'uint16', 'float16']),
    scale: z.number().optional(),
    min: z.number().optional(),
  })
  .refine((q) => q.dtype === 'float16' || (q.scale !== undefined && q.min !== undefined), {
    message: "uint8/uint16 quantization needs numeric 'scale' and 'min'",
  });

const weightSpec = z.looseObject({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool']),
  group: z.string().optional(),
  quantization: quantization.optional(),
});

/** Schema of a layers-model `model.json`. */
export const modelJsonSchema = z.looseObject({
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(
    z.object({
      paths: z.array(z.string().min(1)).min(1),
      weights: z.array(weightSpec),
    }),
  ),
  trainingConfig: z.record(z.string(), z.unknown()).optional(),
  userDefinedMetadata: z.record(z.string(), z.unknown()).optional(),
});

/** A parsed, validated `model.json`. */
export type ModelJson = z.infer<typeof modelJsonSchema>;
/** One validated weights-manifest entry. */
export type WeightSpec = z.infer<typeof weightSpec>;

/** Bytes a manifest entry's values take in the weights file (quantized or raw). */
export function specByteLength(spec: { shape: number[]; dtype: string; quantization?: { dtype: string } }): number {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const width = dtype === 'uint8' || dtype === 'bool' ? 1 : dtype === 'uint16' || dtype === 'float16' ? 2 : 4;
  return size * width;
}
