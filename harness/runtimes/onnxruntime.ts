import type { Availability, LoadedModel, ModelArtifact, Runtime, RuntimeOptions } from './types.js';
import { ortLoadedModel, timeOrtPair, type OrtSession, type OrtTensorCtor } from './ort-session.js';
import { onnxLoadError, requireFormat } from './load-errors.js';

type OrtNode = typeof import('onnxruntime-node');

let ort: Promise<OrtNode> | undefined;
const loadOrt = (): Promise<OrtNode> => (ort ??= import('onnxruntime-node'));

/** `onnxruntime`: onnxruntime-node on the CPU execution provider. */
export const onnxruntime: Runtime = {
  description: 'onnxruntime-node, CPU execution provider (threads from measure.threads, default 1)',
  formats: ['onnx'],
  async availability(): Promise<Availability> {
    try {
      await loadOrt();
      return { available: true };
    } catch (err) {
      return {
        available: false,
        hint: `onnxruntime-node did not load (${(err as Error).message.split('\n')[0]}); run npm install onnxruntime-node (its CPU binaries ship inside the package)`,
      };
    }
  },
  async load(artifact: ModelArtifact, opts: RuntimeOptions): Promise<LoadedModel> {
    requireFormat('onnxruntime', artifact, 'onnx');
    const { InferenceSession, Tensor } = await loadOrt();
    const create = async (): Promise<OrtSession> => {
      try {
        return (await InferenceSession.create(artifact.path, {
          executionProviders: ['cpu'],
          intraOpNumThreads: opts.threads,
          interOpNumThreads: 1,
          executionMode: 'sequential',
          graphOptimizationLevel: 'all',
        })) as unknown as OrtSession;
      } catch (err) {
        throw onnxLoadError(artifact.path, err);
      }
    };
    return ortLoadedModel(create, Tensor as unknown as OrtTensorCtor, opts.inputShape);
  },
  timePair: timeOrtPair,
};
