/** A failure to talk to an endpoint, with whether a retry may help. */
export class EndpointError extends Error {
  constructor(
    message: string,
    /** Network errors, timeouts, 429 and 5xx: worth retrying. */
    readonly transient: boolean,
    /** HTTP status, when the server answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'EndpointError';
  }
}

/** Options of {@link postJson}. */
export interface RequestOptions {
  timeoutMs: number;
  retries: number;
  /** Base of the exponential backoff between retries (default 200 ms: 200, 400, 800, ...). */
  backoffMs?: number;
  headers: Record<string, string>;
  /** Removes secrets from any text that goes into an error message. */
  redact: (text: string) => string;
}

/** Runs at most `limit` of the given tasks at once. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

async function once(url: string, method: 'GET' | 'POST', body: unknown, o: RequestOptions): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { ...o.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(o.timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${o.timeoutMs} ms` : (e.cause?.code ?? e.message);
    throw new EndpointError(o.redact(`${method} ${url}: ${why}`), true);
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    throw new EndpointError(
      o.redact(`${method} ${url}: HTTP ${res.status} ${text.slice(0, 200)}`),
      res.status === 429 || res.status >= 500,
      res.status,
    );
  }
  return res;
}

/**
 * One request with retries: transient failures (network, timeout, 429, 5xx) are retried up to
 * `retries` times with exponential backoff; other failures are thrown at once. The response is
 * handed to `read` inside the retry loop, so a stream cut off midway is retried too.
 */
export async function request<T>(
  url: string,
  method: 'GET' | 'POST',
  body: unknown,
  o: RequestOptions,
  read: (res: Response) => Promise<T>,
): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt <= o.retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, (o.backoffMs ?? 200) * 2 ** (attempt - 1)));
    try {
      return await read(await once(url, method, body, o));
    } catch (err) {
      last = err;
      if (err instanceof EndpointError && !err.transient) throw err;
      // A reply of the wrong shape will not change on a retry.
      if ((err as Error).name === 'NotOpenAiError') throw err;
      if (!(err instanceof EndpointError)) last = new EndpointError(o.redact(`${method} ${url}: ${(err as Error).message}`), true);
    }
  }
  throw last;
}

/** Lines of `data: ...` payloads of a server-sent-events body, until `[DONE]`. */
export async function* sseData(res: Response): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') return;
      yield data;
    }
  }
  throw new Error('the stream ended without [DONE]');
}
