import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';

/**
 * Builds a LayersModel from in-memory artifacts with stock `tf.loadLayersModel`, turning its
 * errors into InputErrors that name `file`, and freeing whatever a failed build left behind.
 */
export async function buildModel(artifacts: tf.io.ModelArtifacts, file: string): Promise<tf.LayersModel> {
  const engine = tf.engine();
  const variablesBefore = new Set(Object.keys(engine.registeredVariables));
  // A scope catches the decoded weight tensors a failing build never disposes. Variables are not
  // tracked by scopes, so a successful model's weights survive endScope; a failed one's are freed
  // below. The scope spans awaits, but fromMemory resolves at once and nothing else runs tensor
  // code on this thread while a model loads.
  engine.startScope('loadModel');
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (err) {
    for (const [name, variable] of Object.entries(engine.registeredVariables)) {
      if (!variablesBefore.has(name)) variable.dispose();
    }
    throw describeFailure(err, file);
  } finally {
    engine.endScope();
  }
}

function describeFailure(err: unknown, file: string): InputError {
  const message = err instanceof Error ? err.message : String(err);
  const unknown = /Unknown layer: ([^.\s]+)/.exec(message);
  if (unknown) {
    return new InputError(
      `${file}: modelTopology uses the layer class '${unknown[1]}', which tfjs does not know; ` +
        'register it with tf.serialization.registerClass before loading, or save the model with built-in layers only',
      'artifact-unknown-layer',
    );
  }
  return new InputError(
    `${file}: tfjs cannot build a model from it (${message.split('\n')[0]}); the topology and weights do not match — re-save the model`,
    'artifact-bad-model',
  );
}
