import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { LlmModelSpec } from '../data/llm-task-settings.js';
import { fileMethods } from '../methods/index.js';
import type { FileMethod } from '../methods/file-method.js';
import { endpointKey } from '../runtimes/endpoint-check.js';
import { endpointRuntime } from '../runtimes/endpoint.js';
import { ggufRuntime } from '../runtimes/llm-gguf.js';
import type { LlmRuntime } from '../runtimes/llm-runtime.js';
import type { LoadedLlmSuite } from '../suite/llm-load.js';

/** One model of an LLM suite: the original or a variant, and how it is made. */
export interface LlmModelEntry {
  variant: string;
  /** `gguf`, `endpoint`, or the GGUF method that made it. */
  method: string;
  settings: Record<string, unknown>;
  /** Where the model is: a file or endpoint spec, or (method) the spec of the original it is made from. */
  model: LlmModelSpec;
}

/** The suite's models in run order: the original first. */
export function llmModels(suite: LoadedLlmSuite): LlmModelEntry[] {
  const kind = (m: LlmModelSpec) => ('gguf' in m ? 'gguf' : 'endpoint');
  return [
    { variant: 'original', method: kind(suite.spec.model), settings: {}, model: suite.spec.model },
    ...suite.spec.variants.map((v) =>
      v.model
        ? { variant: v.name, method: kind(v.model), settings: {}, model: v.model }
        : { variant: v.name, method: v.method!, settings: suite.methodSettings[v.name] ?? {}, model: suite.spec.model },
    ),
  ];
}

/** An opened model: its runtime, its file (GGUF models) and, for a method variant, what the method did. */
export interface OpenedLlm {
  runtime: LlmRuntime;
  file?: string;
  compressMs?: number;
  methodInfo?: Record<string, unknown>;
}

/** Opens a model of the suite; a method variant is first written into `workDir` from the original file. */
export async function openLlm(suite: LoadedLlmSuite, entry: LlmModelEntry, workDir: string, log: (m: string) => void): Promise<OpenedLlm> {
  const { llm } = suite.spec;
  if ('endpoint' in entry.model)
    return {
      runtime: endpointRuntime(entry.model.endpoint, endpointKey(entry.model.endpoint, `${suite.file}: variant '${entry.variant}'`)),
    };
  const source = resolve(suite.dir, entry.model.gguf);
  if (!Object.hasOwn(fileMethods, entry.method)) {
    return { runtime: await ggufRuntime(source, basename(source), { contextSize: llm.contextSize, threads: llm.threads }), file: source };
  }
  const dir = join(workDir, entry.variant);
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const made = await (fileMethods as Record<string, FileMethod>)[entry.method].apply(source, entry.settings, {
    outDir: dir,
    seed: suite.spec.seed,
    log,
  });
  const compressMs = performance.now() - t0;
  const runtime = await ggufRuntime(made.path, basename(made.path), { contextSize: llm.contextSize, threads: llm.threads });
  return { runtime, file: made.path, compressMs, methodInfo: made.info };
}
