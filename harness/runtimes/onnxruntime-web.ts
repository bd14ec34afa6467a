import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Availability, LoadedModel, ModelArtifact, Runtime, RuntimeOptions } from './types.js';
import { ortLoadedModel, timeOrtPair, type OrtSession, type OrtTensorCtor } from './ort-session.js';
import { onnxLoadError, readOnnxFile, requireFormat } from './load-errors.js';

type OrtWeb = typeof import('onnxruntime-web');

let ort: Promise<OrtWeb> | undefined;

/**
 * onnxruntime-web's Node build with its .wasm files taken from the installed package (never a
 * CDN). Its wasm module is instantiated once per thread, so the thread count of the first
 * session holds for every later one.
 */
function loadOrt(threads: number): Promise<OrtWeb> {
  ort ??= import('onnxruntime-web').then((m) => {
    m.env.wasm.wasmPaths = `${dirname(createRequire(import.meta.url).resolve('onnxruntime-web'))}/`;
    m.env.wasm.numThreads = threads;
    return m;
  });
  return ort;
}

/** `onnxruntime-web`: the wasm build of onnxruntime, run in Node. */
export const onnxruntimeWeb: Runtime = {
  description: "onnxruntime-web's wasm build (SIMD) in Node, wasm files from node_modules; threads as ort.env.wasm.numThreads",
  formats: ['onnx'],
  async availability(): Promise<Availability> {
    try {
      await loadOrt(1);
      return { available: true };
    } catch (err) {
      return {
        available: false,
        hint: `onnxruntime-web did not load (${(err as Error).message.split('\n')[0]}); run npm install onnxruntime-web`,
      };
    }
  },
  async load(artifact: ModelArtifact, opts: RuntimeOptions): Promise<LoadedModel> {
    requireFormat('onnxruntime-web', artifact, 'onnx');
    const { InferenceSession, Tensor } = await loadOrt(opts.threads);
    const bytes = readOnnxFile(artifact.path);
    const create = async (): Promise<OrtSession> => {
      try {
        return (await InferenceSession.create(bytes, {
          executionProviders: ['wasm'],
          graphOptimizationLevel: 'all',
          executionMode: 'sequential',
        })) as unknown as OrtSession;
      } catch (err) {
        throw onnxLoadError(artifact.path, err);
      }
    };
    return ortLoadedModel(create, Tensor as unknown as OrtTensorCtor, opts.inputShape);
  },
  timePair: timeOrtPair,
};
