import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readGgufHeader } from '../../harness/runtimes/gguf-read.js';
import { loadLlamaCpp, type LlamaCppModel } from '../../harness/runtimes/llama-cpp.js';
import { openLlamaScorer } from '../../harness/runtimes/llama-cpp-scorer.js';

/** Options of the test server. */
export interface ServerOptions {
  /** Name served in /models and expected in requests. */
  model?: string;
  /** When set, every request must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** After this many generation requests the server drops every connection and stops (a server dying mid-run). */
  dieAfter?: number;
}

/** A running OpenAI-compatible server on 127.0.0.1 answering from node-llama-cpp. */
export interface TestServer {
  baseUrl: string;
  /** Generation requests served so far. */
  requests: () => number;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<Record<string, any>> {
  let text = '';
  for await (const c of req) text += c;
  return JSON.parse(text || '{}');
}

/**
 * Starts a small OpenAI-compatible server (`/v1/models`, `/v1/completions` with `stream`,
 * `echo` and `logprobs`, `/v1/chat/completions` taking the last user message as the raw prompt)
 * that answers greedily from the GGUF file at `gguf` in node-llama-cpp.
 */
export async function startOpenAiServer(gguf: string, opts: ServerOptions = {}): Promise<TestServer> {
  const name = opts.model ?? 'slimbench-test';
  const pieces = readGgufHeader(gguf).metadata.get('tokenizer.ggml.tokens');
  const piece = (id: number) =>
    (pieces?.type === 'array' && pieces.itemType === 'string' ? pieces.value[id] : '').replaceAll('\u2581', ' ');
  const model: LlamaCppModel = await loadLlamaCpp(gguf);
  const scorer = await openLlamaScorer(gguf, { contextSize: 1024, threads: 1, vocabSize: model.vocabSize });
  let served = 0;
  let queue: Promise<unknown> = Promise.resolve();
  // One llama.cpp sequence: requests are answered one at a time, in arrival order.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const sockets = new Set<Socket>();

  const topOf = (probs: Float32Array, k: number): Record<string, number> => {
    const ids = Array.from(probs.keys())
      .sort((a, b) => probs[b] - probs[a])
      .slice(0, k);
    return Object.fromEntries(ids.map((id) => [piece(id), Math.log(Math.max(probs[id], 1e-30))]));
  };

  const echo = async (prompt: string, k: number) => {
    const ids = scorer.tokenize(prompt);
    const tokens = ids.map(piece);
    const offsets = tokens.map((_, i) => tokens.slice(0, i).join('').length);
    const dists = ids.length > 1 ? await scorer.forced([ids[0]], ids.slice(1)) : [];
    const token_logprobs: (number | null)[] = [null, ...dists.map((p, i) => Math.log(Math.max(p[ids[i + 1]], 1e-30)))];
    const top_logprobs: (Record<string, number> | null)[] = [null, ...dists.map((p) => topOf(p, k))];
    return { text: prompt, index: 0, finish_reason: 'length', logprobs: { tokens, token_logprobs, top_logprobs, text_offset: offsets } };
  };

  const generate = async (req: Record<string, any>, chat: boolean, res: ServerResponse) => {
    const prompt: string = chat ? ([...(req.messages ?? [])].reverse().find((m: any) => m.role === 'user')?.content ?? '') : req.prompt;
    const stop: string[] = typeof req.stop === 'string' ? [req.stop] : (req.stop ?? []);
    const k: number = chat ? (req.logprobs ? (req.top_logprobs ?? 1) : 0) : (req.logprobs ?? 0);
    const maxTokens: number = req.max_tokens ?? 16;
    const g = await model.generate(prompt, {
      maxTokens,
      stop,
      seed: req.seed ?? 0,
      ...(k ? { probsAt: Array.from({ length: maxTokens }, (_, i) => i) } : {}),
    });
    const usage = { prompt_tokens: g.promptTokens, completion_tokens: g.genTokens, total_tokens: g.promptTokens + g.genTokens };
    const finish = g.finish === 'maxTokens' ? 'length' : 'stop';
    if (!req.stream) {
      const choice = chat
        ? { index: 0, message: { role: 'assistant', content: g.text }, finish_reason: finish }
        : { index: 0, text: g.text, finish_reason: finish };
      return json(res, 200, { id: 'x', object: chat ? 'chat.completion' : 'text_completion', model: name, choices: [choice], usage });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (k) {
      // One chunk per generated token with its top log-probabilities; the text rides on the first.
      g.tokens.forEach((id, i) => {
        const top = topOf(g.probs[i].probs, k);
        const text = i === 0 ? g.text : '';
        const logprobs = chat
          ? {
              content: [
                {
                  token: piece(id),
                  logprob: top[piece(id)] ?? -30,
                  top_logprobs: Object.entries(top).map(([token, logprob]) => ({ token, logprob })),
                },
              ],
            }
          : { tokens: [piece(id)], token_logprobs: [top[piece(id)] ?? -30], top_logprobs: [top] };
        const choice = chat
          ? { index: 0, delta: { content: text }, logprobs, finish_reason: null }
          : { index: 0, text, logprobs, finish_reason: null };
        res.write(`data: ${JSON.stringify({ id: 'x', model: name, choices: [choice] })}\n\n`);
      });
      res.write(`data: ${JSON.stringify({ id: 'x', model: name, choices: [], usage })}\n\n`);
      return res.end('data: [DONE]\n\n');
    }
    // One chunk per character of the generated text (byte tokens of a random model decode to partial characters).
    for (const t of g.text) {
      const choice = chat ? { index: 0, delta: { content: t }, finish_reason: null } : { index: 0, text: t, finish_reason: null };
      res.write(`data: ${JSON.stringify({ id: 'x', model: name, choices: [choice] })}\n\n`);
    }
    res.write(`data: ${JSON.stringify({ id: 'x', model: name, choices: [], usage })}\n\n`);
    res.end('data: [DONE]\n\n');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`)
      return json(res, 401, { error: { message: 'invalid api key' } });
    const path = (req.url ?? '').replace(/\?.*$/, '');
    if (req.method === 'GET' && path === '/v1/models') return json(res, 200, { object: 'list', data: [{ id: name, object: 'model' }] });
    if (req.method !== 'POST' || (path !== '/v1/completions' && path !== '/v1/chat/completions'))
      return json(res, 404, { error: { message: `no route ${path}` } });
    const body = await readBody(req);
    if (body.model !== name) return json(res, 404, { error: { message: `model '${body.model}' not found` } });
    if (opts.dieAfter !== undefined && served >= opts.dieAfter) {
      for (const s of sockets) s.destroy();
      server.close();
      return;
    }
    served++;
    if (body.echo)
      return json(res, 200, {
        id: 'x',
        object: 'text_completion',
        model: name,
        choices: [await serial(() => echo(body.prompt, body.logprobs ?? 1))],
      });
    await serial(() => generate(body, path.endsWith('/chat/completions'), res));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => json(res, 500, { error: { message: String(err) } }));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests: () => served,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => (server.listening ? server.close(() => r()) : r()));
      await serial(async () => {
        await scorer.dispose();
        await model.dispose();
      });
    },
  };
}
