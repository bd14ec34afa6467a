import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { LlmModelSpec } from '../data/llm-task-settings.js';
import { ggufMethods, type GgufMethod } from '../methods/gguf-methods.js';
import { checkEndpoint, endpointKey } from '../runtimes/endpoint-check.js';
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

/**
 * Probes every endpoint of the suite before any cell runs: an unreachable or non-OpenAI server
 * is bad input (exit 2), named with its place in the suite.
 */
export async function checkSuiteEndpoints(suite: LoadedLlmSuite): Promise<void> {
  const all = [{ m: suite.spec.model, where: `${suite.file}: model` }, ...suite.spec.variants.map((v) => ({ m: v.model, where: `${suite.file}: variant '${v.name}'` }))];
  for (const { m, where } of all) if (m && 'endpoint' in m) await checkEndpoint(m.endpoint, where);
}

/** Opens a model of the suite; a method variant is first written into `workDir` from the original file. */
export async function openLlm(suite: LoadedLlmSuite, entry: LlmModelEntry, workDir: string): Promise<{ runtime: LlmRuntime; compressMs?: number }> {
  const { llm } = suite.spec;
  if ('endpoint' in entry.model) return { runtime: endpointRuntime(entry.model.endpoint, endpointKey(entry.model.endpoint, `${suite.file}: variant '${entry.variant}'`)) };
  const source = resolve(suite.dir, entry.model.gguf);
  let path = source;
  let compressMs: number | undefined;
  if (Object.hasOwn(ggufMethods, entry.method)) {
    mkdirSync(workDir, { recursive: true });
    path = join(workDir, `${entry.variant}.gguf`);
    const t0 = performance.now();
    await (ggufMethods as Record<string, GgufMethod>)[entry.method].apply(source, path, entry.settings);
    compressMs = performance.now() - t0;
  }
  const runtime = await ggufRuntime(path, basename(path), { contextSize: llm.contextSize, threads: llm.threads });
  return { runtime, compressMs };
}
