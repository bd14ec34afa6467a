import { checkEndpoint } from '../runtimes/endpoint-check.js';
import type { LoadedLlmSuite } from './llm-load.js';

/**
 * Probes every endpoint of an LLM suite (`GET {baseUrl}/models`) before anything runs: an
 * unreachable or non-OpenAI server, or an unset key variable, is bad input (exit 2), named with
 * its place in the suite. tfjs-free, so `validate` can call it.
 */
export async function checkSuiteEndpoints(suite: LoadedLlmSuite): Promise<void> {
  const all = [
    { m: suite.spec.model, where: `${suite.file}: model` },
    ...suite.spec.variants.map((v) => ({ m: v.model, where: `${suite.file}: variant '${v.name}'` })),
  ];
  for (const { m, where } of all) if (m && 'endpoint' in m) await checkEndpoint(m.endpoint, where);
}
