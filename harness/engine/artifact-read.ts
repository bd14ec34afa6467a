import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { buildModel } from './artifact-build.js';
import { MODEL_JSON, type ModelJson, modelJsonSchema, specByteLength } from './artifact-format.js';

const RESAVE = 're-save the model (slimbench writes model.json and weights.bin together)';

/**
 * Loads a tfjs LayersModel from a directory containing model.json (or a path to a model.json).
 * Every problem with the files, including a layer class tfjs does not know, is an InputError
 * naming the file.
 */
export async function loadModel(path: string): Promise<tf.LayersModel> {
  const { file, artifacts } = await readArtifactFrom(path);
  return buildModel(artifacts, file);
}

/** Reads and validates a model.json and its weight files; weights come back as one ArrayBuffer. */
export async function readArtifact(path: string): Promise<tf.io.ModelArtifacts> {
  return (await readArtifactFrom(path)).artifacts;
}

async function readArtifactFrom(path: string): Promise<{ file: string; artifacts: tf.io.ModelArtifacts }> {
  const file = await locateModelJson(path);
  const json = await readModelJson(file);
  const weightData = await readWeights(file, json);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? null,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights) as tf.io.WeightsManifestEntry[],
    weightData,
  };
  if (json.trainingConfig) artifacts.trainingConfig = json.trainingConfig as unknown as tf.io.TrainingConfig;
  if (json.userDefinedMetadata)
    artifacts.userDefinedMetadata = json.userDefinedMetadata as NonNullable<tf.io.ModelArtifacts['userDefinedMetadata']>;
  return { file, artifacts };
}

/** The model.json of a model directory or path; an InputError when there is none. */
export async function locateModelJson(path: string): Promise<string> {
  const abs = resolve(path);
  const info = await stat(abs).catch(() => undefined);
  if (info === undefined) {
    throw new InputError(
      `${path}: no such file or directory; pass a model directory that holds ${MODEL_JSON}, or the path of a ${MODEL_JSON}`,
      'artifact-missing',
    );
  }
  if (!info.isDirectory()) return abs;
  const file = join(abs, MODEL_JSON);
  if (!(await stat(file).catch(() => undefined))?.isFile()) {
    throw new InputError(
      `${file}: missing; the directory ${path} holds no ${MODEL_JSON} — pass the directory a model was saved to`,
      'artifact-missing',
    );
  }
  return file;
}

async function readModelJson(file: string): Promise<ModelJson> {
  const text = await readFile(file, 'utf8').catch((err: Error) => {
    throw new InputError(`${file}: cannot be read (${err.message}); check the path and its permissions`, 'artifact-unreadable');
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new InputError(
      `${file}: not valid JSON (${(err as Error).message}); the file is truncated or is not a tfjs model.json — ${RESAVE}`,
      'artifact-bad-json',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError(
      `${file}: not a tfjs model.json (expected a JSON object with modelTopology and weightsManifest); ${RESAVE}`,
      'artifact-bad-json',
    );
  }
  const obj = parsed as Record<string, unknown>;
  if (isGraphModelJson(obj)) {
    throw new InputError(
      `${file}: a tfjs graph model; suite originals must be layers models (format 'layers-model') for now — convert the source model as a Keras/layers model`,
      'artifact-graph-model',
    );
  }
  if (obj.modelTopology === undefined) {
    throw new InputError(`${file}: has no 'modelTopology'; it is not a tfjs layers model.json — ${RESAVE}`, 'artifact-bad-manifest');
  }
  if (obj.weightsManifest === undefined) {
    throw new InputError(`${file}: has no 'weightsManifest', so its weights cannot be found; ${RESAVE}`, 'artifact-bad-manifest');
  }
  const result = modelJsonSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new InputError(`${file}: ${where}: ${issue.message}; the manifest is malformed — ${RESAVE}`, 'artifact-bad-manifest');
  }
  return result.data;
}

/** The weight files of every manifest group, joined in manifest order; each file's size checked against its manifest. */
export async function readWeights(file: string, json: Pick<ModelJson, 'weightsManifest'>): Promise<ArrayBuffer> {
  const dir = dirname(file);
  const parts: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    const url = group.paths.find((p) => /^[a-z][a-z0-9+.-]*:\/\//i.test(p));
    if (url !== undefined) {
      throw new InputError(
        `${file}: weightsManifest path '${url}' is a URL; weight files must sit beside ${MODEL_JSON} on disk`,
        'artifact-bad-manifest',
      );
    }
    const names = group.paths.map((p) => join(dir, p));
    const shards: Uint8Array[] = [];
    for (const name of names) {
      const bytes = await readFile(name).catch(() => undefined);
      if (bytes === undefined) {
        throw new InputError(
          `${name}: missing or unreadable, but ${file} lists it in weightsManifest; keep the weight files beside ${MODEL_JSON} or ${RESAVE}`,
          'artifact-weights-missing',
        );
      }
      shards.push(bytes);
    }
    const have = shards.reduce((n, s) => n + s.length, 0);
    const want = group.weights.reduce((n, spec) => n + specByteLength(spec), 0);
    if (have !== want) {
      const what = have < want ? 'is truncated' : 'does not belong to this model.json';
      throw new InputError(
        `${names.join(', ')}: ${have} bytes, but ${file}'s weightsManifest describes ${want}; the weights file ${what} — ${RESAVE}`,
        have < want ? 'artifact-weights-short' : 'artifact-weights-mismatch',
      );
    }
    parts.push(...shards);
  }
  const joined = Buffer.concat(parts);
  return joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer;
}

/** True for a graph-model model.json: `format: 'graph-model'`, or a GraphDef topology (`modelTopology.node`). */
export function isGraphModelJson(obj: Record<string, unknown>): boolean {
  const topology = obj.modelTopology as { node?: unknown } | undefined;
  return obj.format === 'graph-model' || (typeof topology === 'object' && topology !== null && Array.isArray(topology.node));
}
