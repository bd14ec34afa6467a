import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { isGraphModelJson, locateModelJson, readWeights } from './artifact-read.js';
import { modelJsonSchema, type ModelJson } from './artifact-format.js';

/** A graph model's files as read: the model.json path, its parsed manifest and the tfjs artifacts. */
export interface GraphArtifact {
  file: string;
  json: ModelJson & { signature?: tf.io.ModelArtifacts['signature']; modelInitializer?: tf.io.ModelArtifacts['modelInitializer'] };
  artifacts: tf.io.ModelArtifacts;
}

const FIX = 'convert the model again with tensorflowjs_converter (output format tfjs_graph_model) and keep its files together';

/**
 * Reads a tfjs graph model (converter output: GraphDef topology, weight manifest with optional
 * float16 / uint8 quantization, sharded weight files, signature) from disk, without tfjs-node.
 * Every problem with the files is an InputError naming the file.
 */
export async function readGraphArtifact(path: string): Promise<GraphArtifact> {
  const file = await locateModelJson(path);
  const text = await readFile(file, 'utf8').catch((err: Error) => {
    throw new InputError(`${file}: cannot be read (${err.message}); check the path and its permissions`, 'artifact-unreadable');
  });
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new InputError(
      `${file}: not valid JSON (${(err as Error).message}); the file is truncated or is not a model.json — ${FIX}`,
      'artifact-bad-json',
    );
  }
  if (typeof obj !== 'object' || obj === null || !isGraphModelJson(obj)) {
    throw new InputError(
      `${file}: not a tfjs graph model (no format 'graph-model' and no modelTopology.node); ${FIX}`,
      'artifact-not-graph',
    );
  }
  const parsed = modelJsonSchema.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}; the manifest is malformed — ${FIX}`,
      'artifact-bad-manifest',
    );
  }
  const json = parsed.data as GraphArtifact['json'];
  const weightData = await readWeights(file, json);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology,
    format: 'graph-model',
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? null,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
    weightData,
    ...(json.signature ? { signature: json.signature } : {}),
    ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'] } : {}),
    ...(json.modelInitializer ? { modelInitializer: json.modelInitializer } : {}),
  };
  return { file, json, artifacts };
}

/** Loads a graph model from disk with stock `tf.loadGraphModel`, through an in-memory IOHandler. */
export async function loadGraph(path: string): Promise<tf.GraphModel> {
  const { file, artifacts } = await readGraphArtifact(path);
  try {
    return await tf.loadGraphModel({ load: async () => artifacts });
  } catch (err) {
    throw new InputError(`${file}: tfjs cannot build the graph (${(err as Error).message}); ${FIX}`, 'artifact-bad-graph');
  }
}
