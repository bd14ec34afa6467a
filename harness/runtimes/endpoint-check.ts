import type { EndpointSpec } from '../data/llm-task-settings.js';
import { InputError } from '../errors.js';
import { endpointLabel, requestOptions } from './endpoint.js';
import { request } from './endpoint-http.js';
import { NotOpenAiError } from './endpoint-reply.js';

/** Longest wait of the reachability probe. */
const PROBE_MS = 5000;

/** The API key named by `apiKeyEnv`, or an InputError when that variable is not set. */
export function endpointKey(spec: EndpointSpec, where: string): string | undefined {
  if (!spec.apiKeyEnv) return undefined;
  const key = process.env[spec.apiKeyEnv];
  if (!key)
    throw new InputError(
      `${where} endpoint.apiKeyEnv: the environment variable ${spec.apiKeyEnv} is not set; export it with the API key (or remove apiKeyEnv)`,
      'endpoint-key',
    );
  return key;
}

/**
 * Checks that an endpoint answers `GET {baseUrl}/models` like an OpenAI-compatible server (a JSON
 * object with a `data` array). An unreachable server or any other reply is an InputError naming
 * the URL and the place in the suite; the key never appears in the message.
 */
export async function checkEndpoint(spec: EndpointSpec, where: string): Promise<void> {
  const key = endpointKey(spec, where);
  const o = { ...requestOptions(spec, key), timeoutMs: Math.min(spec.timeoutMs, PROBE_MS), retries: Math.min(spec.retries, 1) };
  const target = `${spec.baseUrl.replace(/\/+$/, '')}/models`;
  try {
    await request(target, 'GET', undefined, o, async (res) => {
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new NotOpenAiError(`GET ${target} did not return JSON`);
      }
      if (typeof body !== 'object' || body === null || !Array.isArray((body as { data?: unknown }).data))
        throw new NotOpenAiError(`GET ${target} returned JSON without a 'data' list of models`);
    });
  } catch (err) {
    const msg = o.redact((err as Error).message);
    if (err instanceof NotOpenAiError)
      throw new InputError(
        `${where} endpoint ${endpointLabel(spec)} is not an OpenAI-compatible server: ${msg}; point baseUrl at the API root (often ending in /v1)`,
        'endpoint-not-openai',
      );
    throw new InputError(
      `${where} endpoint ${endpointLabel(spec)} is unreachable: ${msg}; start the server or fix baseUrl`,
      'endpoint-unreachable',
    );
  }
}
