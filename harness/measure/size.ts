import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../engine/artifact-read.js';
import { MODEL_JSON, WEIGHTS_BIN } from '../engine/artifact-format.js';
import type { ArtifactInfo } from '../engine/artifact-write.js';

/** Size of a model counted four ways: parameters, artifact bytes on disk, their gzip size, memory once loaded. */
export interface SizeFigures {
  params: number;
  nonzeroParams: number;
  /** Bytes the parameters take as float32 (params × 4). */
  fp32Bytes: number;
  /** Bytes of the files written (model.json + weights). */
  artifactBytes: number;
  /** Sum of the gzip -9 sizes of those files. */
  gzipBytes: number;
  /** Tensor bytes held after loading the artifact (quantized weights are float32 again in memory). */
  memoryBytes?: number;
  /** Original artifact bytes / these artifact bytes (1 for the original). */
  compressionRatio: number;
  /** Original gzip bytes / these gzip bytes (1 for the original). */
  gzipRatio: number;
}

/** Counts parameters and zeros of every weight of `model` (trainable or not). */
export function countParams(model: tf.LayersModel): { params: number; nonzeroParams: number } {
  let params = 0;
  let nonzeroParams = 0;
  for (const w of model.weights) {
    const values = w.read().dataSync();
    params += values.length;
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonzeroParams++;
  }
  return { params, nonzeroParams };
}

/** Artifact and gzip bytes of the files of a written artifact. */
export function artifactBytes(artifact: ArtifactInfo): { artifactBytes: number; gzipBytes: number } {
  let gzipBytes = 0;
  for (const f of artifact.files) gzipBytes += gzipSync(readFileSync(join(artifact.dir, f.name)), { level: 9 }).length;
  return { artifactBytes: artifact.totalBytes, gzipBytes };
}

const dirBytesCache = new Map<string, { artifactBytes: number; gzipBytes: number }>();

/** Artifact and gzip bytes of the model.json + weights.bin written by `saveModel` into `dir` (memoized per folder). */
export function artifactBytesOfDir(dir: string): { artifactBytes: number; gzipBytes: number } {
  const abs = resolve(dir);
  let hit = dirBytesCache.get(abs);
  if (!hit) {
    hit = { artifactBytes: 0, gzipBytes: 0 };
    for (const name of [MODEL_JSON, WEIGHTS_BIN]) {
      const bytes = readFileSync(join(abs, name));
      hit.artifactBytes += bytes.length;
      hit.gzipBytes += gzipSync(bytes, { level: 9 }).length;
    }
    dirBytesCache.set(abs, hit);
  }
  return hit;
}

/**
 * Loads an artifact and measures the tensor memory the loaded model holds: the growth of
 * `tf.memory().numBytes` across the load.
 */
export async function loadMeasured(dir: string): Promise<{ model: tf.LayersModel; memoryBytes: number }> {
  const before = tf.memory().numBytes;
  const model = await loadModel(dir);
  return { model, memoryBytes: tf.memory().numBytes - before };
}

/**
 * All size figures of a loaded model and the artifact it was loaded from. `original` gives the
 * original's artifact and gzip bytes for the ratios (absent: this is the original, ratios 1).
 */
export function measureSize(
  model: tf.LayersModel,
  artifact: ArtifactInfo,
  opts: { original?: { artifactBytes: number; gzipBytes: number }; memoryBytes?: number } = {},
): SizeFigures {
  const counts = countParams(model);
  const bytes = artifactBytes(artifact);
  const original = opts.original ?? bytes;
  return {
    ...counts,
    fp32Bytes: counts.params * 4,
    ...bytes,
    ...(opts.memoryBytes !== undefined ? { memoryBytes: opts.memoryBytes } : {}),
    compressionRatio: original.artifactBytes / bytes.artifactBytes,
    gzipRatio: original.gzipBytes / bytes.gzipBytes,
  };
}
