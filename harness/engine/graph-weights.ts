import { join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { WeightEncoding } from './weight-codec.js';
import { MODEL_JSON, WEIGHTS_BIN, specByteLength, type WeightSpec } from './artifact-format.js';
import { writeAtomically, type ArtifactInfo } from './artifact-write.js';
import { readGraphArtifact } from './graph-read.js';
import { dequantizeAffine, encodeValues, float16ToFloat32 } from './weight-codec.js';

/** One float32 Const weight of a graph model, decoded from its manifest (dequantized if stored quantized). */
export interface GraphWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** New values and/or a storage encoding for a weight; undefined leaves it exactly as it was stored. */
export type GraphWeightRewrite = (w: GraphWeight) => { values?: Float32Array; encoding?: WeightEncoding } | undefined;

/** The float32 values of a manifest entry's bytes. */
export function decodeGraphWeight(spec: WeightSpec, raw: Uint8Array): Float32Array {
  const bytes = Uint8Array.from(raw);
  const q = spec.quantization;
  if (!q) return new Float32Array(bytes.buffer);
  if (q.dtype === 'float16') return float16ToFloat32(new Uint16Array(bytes.buffer));
  const codes = q.dtype === 'uint8' ? bytes : new Uint16Array(bytes.buffer);
  return dequantizeAffine(codes, q.scale!, q.min!);
}

/**
 * Writes the graph model at `src` to `dst` with its float32 Const weights rewritten by `rewrite`:
 * the same topology, signature and metadata, one `weights.bin`, quantized entries where the
 * rewrite asks for an encoding. What stock `tf.loadGraphModel` loads from `dst` is the rewritten model.
 */
export async function rewriteGraphWeights(
  src: string,
  dst: string,
  rewrite: GraphWeightRewrite,
): Promise<ArtifactInfo & { rewritten: string[] }> {
  const { json, artifacts } = await readGraphArtifact(src);
  const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const chunks: Uint8Array[] = [];
  const outSpecs: WeightSpec[] = [];
  const rewritten: string[] = [];
  let offset = 0;
  for (const spec of specs) {
    const length = specByteLength(spec);
    const raw = data.subarray(offset, offset + length);
    offset += length;
    const change =
      spec.dtype === 'float32' ? rewrite({ name: spec.name, shape: spec.shape, values: decodeGraphWeight(spec, raw) }) : undefined;
    if (!change) {
      chunks.push(raw);
      outSpecs.push(spec);
      continue;
    }
    rewritten.push(spec.name);
    const values = change.values ?? decodeGraphWeight(spec, raw);
    const { quantization: _, ...plain } = spec;
    if (change.encoding) {
      const enc = encodeValues(values, change.encoding);
      chunks.push(enc.bytes);
      outSpecs.push({ ...plain, quantization: enc.quantization });
    } else {
      chunks.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      outSpecs.push(plain);
    }
  }
  const weightBytes = Buffer.concat(chunks);
  const jsonBytes = Buffer.from(
    JSON.stringify({ ...json, convertedBy: json.convertedBy ?? null, weightsManifest: [{ paths: [WEIGHTS_BIN], weights: outSpecs }] }),
  );
  const abs = resolve(dst);
  await mkdir(abs, { recursive: true });
  await writeAtomically([
    [join(abs, WEIGHTS_BIN), weightBytes],
    [join(abs, MODEL_JSON), jsonBytes],
  ]);
  const files = [
    { name: MODEL_JSON, bytes: jsonBytes.length },
    { name: WEIGHTS_BIN, bytes: weightBytes.length },
  ];
  return { dir: abs, files, totalBytes: weightBytes.length + jsonBytes.length, rewritten };
}
