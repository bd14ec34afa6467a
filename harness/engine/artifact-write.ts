import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { unknownNameMessage } from '../errors.js';
import { MODEL_JSON, WEIGHTS_BIN, specByteLength } from './artifact-format.js';
import { encodeValues, type WeightEncoding } from './weight-codec.js';

/** One file of a written artifact. */
export interface ArtifactFile {
  name: string;
  bytes: number;
}

/** What {@link saveModel} wrote. */
export interface ArtifactInfo {
  /** Absolute path of the artifact directory. */
  dir: string;
  files: ArtifactFile[];
  totalBytes: number;
}

/**
 * Writes model.json + one weights file ('weights.bin') into dir (created if missing), atomically
 * (temp file then rename, per file; dir contents replaced).
 *
 * `encoding` maps weight names (the manifest names, e.g. `dense_Dense1/kernel`; a variable's
 * `.name` is accepted too) to their storage: uint8/uint16 affine codes or float16, written as
 * tfjs `quantization` manifest entries that stock `tf.loadLayersModel` dequantizes. Other weights
 * are stored raw. Other files already in `dir` are left alone. weights.bin is renamed into place
 * before model.json, so model.json is always either the old or the new one, never half-written.
 */
export async function saveModel(model: tf.LayersModel, dir: string, encoding: Record<string, WeightEncoding> = {}): Promise<ArtifactInfo> {
  const artifacts = await captureArtifacts(model);
  const specs = artifacts.weightSpecs ?? [];
  const byName = resolveEncodingNames(model, specs, encoding);
  const data = joinWeightData(artifacts.weightData);

  const chunks: Uint8Array[] = [];
  const outSpecs: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    const length = specByteLength(spec);
    const raw = data.subarray(offset, offset + length);
    offset += length;
    const enc = byName.get(spec.name);
    if (enc === undefined) {
      chunks.push(raw);
      outSpecs.push(spec);
      continue;
    }
    if (spec.dtype !== 'float32')
      throw new Error(`weight '${spec.name}' is ${spec.dtype}; only float32 weights can be stored as ${enc.dtype}`);
    const values = new Float32Array(length / 4);
    new Uint8Array(values.buffer).set(raw);
    const { bytes, quantization } = encodeValues(values, enc);
    chunks.push(bytes);
    outSpecs.push({ ...spec, quantization });
  }

  const modelJson = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: outSpecs }],
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  const weightBytes = Buffer.concat(chunks);
  const jsonBytes = Buffer.from(JSON.stringify(modelJson));

  const abs = resolve(dir);
  await mkdir(abs, { recursive: true });
  await writeAtomically([
    [join(abs, WEIGHTS_BIN), weightBytes],
    [join(abs, MODEL_JSON), jsonBytes],
  ]);
  const files = [
    { name: MODEL_JSON, bytes: jsonBytes.length },
    { name: WEIGHTS_BIN, bytes: weightBytes.length },
  ];
  return { dir: abs, files, totalBytes: jsonBytes.length + weightBytes.length };
}

async function captureArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (captured === undefined) throw new Error('model.save() did not hand over any artifacts');
  return captured;
}

function resolveEncodingNames(
  model: tf.LayersModel,
  specs: tf.io.WeightsManifestEntry[],
  encoding: Record<string, WeightEncoding>,
): Map<string, WeightEncoding> {
  const specNames = specs.map((s) => s.name);
  const alias = new Map<string, string>(specNames.map((n) => [n, n]));
  for (const w of model.weights) alias.set(w.name, w.originalName);
  const out = new Map<string, WeightEncoding>();
  for (const [key, enc] of Object.entries(encoding)) {
    const target = alias.get(key);
    if (target === undefined) throw new Error(`saveModel encoding: ${unknownNameMessage('weight', key, specNames)}`);
    out.set(target, enc);
  }
  return out;
}

function joinWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const buffers = Array.isArray(data) ? data : [data];
  return Buffer.concat(buffers.map((b) => new Uint8Array(b)));
}

/** Writes every file to `<file>.tmp-<pid>`, then renames them in order; removes temp files on failure. */
export async function writeAtomically(files: Array<[string, Uint8Array]>): Promise<void> {
  const temps = files.map(([path]) => `${path}.tmp-${process.pid}`);
  try {
    for (let i = 0; i < files.length; i++) await writeFile(temps[i], files[i][1]);
    for (let i = 0; i < files.length; i++) await rename(temps[i], files[i][0]);
  } catch (err) {
    await Promise.all(temps.map((t) => unlink(t).catch(() => undefined)));
    throw err;
  }
}
