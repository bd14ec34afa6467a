import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type * as tf from '@tensorflow/tfjs';
import type { ArtifactInfo } from '../engine/artifact-write.js';

/** Size of a model counted three ways: parameters, artifact bytes on disk, and their gzip size. */
export interface SizeFigures {
  params: number;
  nonzeroParams: number;
  /** Bytes the parameters take as float32 (params × 4). */
  fp32Bytes: number;
  /** Bytes of the files written (model.json + weights). */
  artifactBytes: number;
  /** Sum of the gzip -9 sizes of those files. */
  gzipBytes: number;
  /** Original artifact bytes / these artifact bytes (1 for the original). */
  compressionRatio: number;
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

/** All size figures of a loaded model and the artifact it was loaded from. */
export function measureSize(model: tf.LayersModel, artifact: ArtifactInfo, originalArtifactBytes?: number): SizeFigures {
  const counts = countParams(model);
  const bytes = artifactBytes(artifact);
  return {
    ...counts,
    fp32Bytes: counts.params * 4,
    ...bytes,
    compressionRatio: (originalArtifactBytes ?? bytes.artifactBytes) / bytes.artifactBytes,
  };
}
