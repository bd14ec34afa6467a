import type { EndpointSpec } from '../data/llm-task-settings.js';
import type { TopK } from '../measure/llm-kl.js';
import { EndpointError, limiter, request, sseData, type RequestOptions } from './endpoint-http.js';
import { chunkLogprobs, chunkText, echoLogprobs, parseChoices, usageOf } from './endpoint-reply.js';
import type { GeneratedStep, LlmGenerateOptions, LlmGeneration, LlmRuntime } from './llm-runtime.js';

/** `model @ baseUrl`: how an endpoint is named in logs and records (never with its key). */
export function endpointLabel(spec: Pick<EndpointSpec, 'model' | 'baseUrl'>): string {
  return `${spec.model} @ ${spec.baseUrl}`;
}

/** Request options of an endpoint: its key as a bearer header, and a redactor that removes the key. */
export function requestOptions(spec: EndpointSpec, key: string | undefined): RequestOptions {
  const redact = (text: string) => (key ? text.split(key).join('***') : text);
  return { timeoutMs: spec.timeoutMs, retries: spec.retries, headers: key ? { authorization: `Bearer ${key}` } : {}, redact };
}

const url = (spec: EndpointSpec, path: string) => `${spec.baseUrl.replace(/\/+$/, '')}${path}`;

/**
 * An OpenAI-compatible server behind the {@link LlmRuntime} contract: greedy (temperature 0,
 * fixed seed) streamed generations, timed from the request to the first streamed text and to the
 * end; answer distributions and text log-probabilities from a completions request that echoes
 * the prompt with `logprobs` (null when the server does not support that, or for `chat`); the
 * top log-probabilities of generated tokens when asked for (both APIs).
 * The key, read from the environment by the caller, is only ever sent as a header.
 */
export function endpointRuntime(spec: EndpointSpec, key: string | undefined): LlmRuntime {
  const o = requestOptions(spec, key);
  const limit = limiter(spec.concurrency);
  const what = endpointLabel(spec);
  // A server that rejects the logprobs parameters is asked without them from then on.
  let logprobsRefused = false;
  const echo = async (text: string, k: number) => {
    if (spec.api !== 'completions') return undefined;
    const body = { model: spec.model, prompt: text, max_tokens: 1, temperature: 0, echo: true, logprobs: k };
    try {
      return await limit(() =>
        request(url(spec, '/completions'), 'POST', body, o, async (res) => echoLogprobs(parseChoices(await res.text(), what).choice)),
      );
    } catch (err) {
      // A server that refuses echo or logprobs (HTTP 4xx) just has none to give.
      if (err instanceof EndpointError && err.status !== undefined && err.status < 500) return undefined;
      throw err;
    }
  };
  const generateOnce = (prompt: string, g: LlmGenerateOptions): Promise<LlmGeneration> =>
    limit(() => {
      const body = {
        model: spec.model,
        ...(spec.api === 'chat' ? { messages: [{ role: 'user', content: prompt }] } : { prompt }),
        max_tokens: g.maxTokens,
        temperature: 0,
        seed: g.seed,
        ...(g.stop.length ? { stop: g.stop.slice(0, 4) } : {}),
        stream: true,
        stream_options: { include_usage: true },
        ...(g.logprobs ? (spec.api === 'chat' ? { logprobs: true, top_logprobs: g.logprobs } : { logprobs: g.logprobs }) : {}),
      };
      const start = performance.now();
      return request(url(spec, spec.api === 'chat' ? '/chat/completions' : '/completions'), 'POST', body, o, async (res) => {
        let text = '';
        let first = NaN;
        let chunks = 0;
        let usage: ReturnType<typeof usageOf> = {};
        const steps: GeneratedStep[] = [];
        for await (const data of sseData(res)) {
          const { choice, body: b } = parseChoices(data, what);
          if (g.logprobs) steps.push(...chunkLogprobs(choice, spec.api));
          const t = chunkText(choice, spec.api);
          if (t) {
            if (Number.isNaN(first)) first = performance.now();
            text += t;
            chunks++;
          }
          const u = usageOf(b);
          if (u.completion !== undefined) usage = u;
        }
        const end = performance.now();
        const cut = Math.min(...g.stop.map((s) => text.indexOf(s)).filter((i) => i >= 0), text.length);
        return {
          text: text.slice(0, cut),
          promptTokens: usage.prompt ?? NaN,
          genTokens: usage.completion ?? chunks,
          ttftMs: (Number.isNaN(first) ? end : first) - start,
          totalMs: end - start,
          ...(steps.length ? { steps } : {}),
        };
      });
    });
  return {
    label: what,
    tokenKeys: 'text',
    async generate(prompt, g) {
      if (g.logprobs && !logprobsRefused) {
        try {
          return await generateOnce(prompt, g);
        } catch (err) {
          if (!(err instanceof EndpointError) || (err.status !== 400 && err.status !== 422)) throw err;
          logprobsRefused = true;
        }
      }
      return generateOnce(prompt, { ...g, logprobs: logprobsRefused ? undefined : g.logprobs });
    },
    async answerDistributions(prompt, answer, k) {
      const lp = await echo(prompt + answer, k);
      if (!lp) return null;
      const out: TopK[] = [];
      const end = prompt.length + answer.length;
      lp.textOffset.forEach((off, i) => {
        const top = lp.topLogprobs[i];
        if (off >= prompt.length && off < end && top) out.push(new Map(Object.entries(top).map(([t, l]) => [t, Math.exp(l)])));
      });
      return out.length ? out : null;
    },
    async textLogprobs(prefix, text, maxTokens) {
      const lp = await echo(prefix + text, 1);
      if (!lp) return null;
      const end = prefix.length + text.length;
      const scored = lp.tokenLogprobs.filter(
        (l, i): l is number => i > 0 && typeof l === 'number' && lp.textOffset[i] >= prefix.length && lp.textOffset[i] < end,
      );
      return scored.length ? scored.slice(0, maxTokens) : null;
    },
    close: async () => undefined,
  };
}
