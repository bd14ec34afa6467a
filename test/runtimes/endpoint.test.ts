import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpointSpec } from '../../harness/data/llm-task-settings.js';
import { InputError } from '../../harness/errors.js';
import { checkEndpoint } from '../../harness/runtimes/endpoint-check.js';
import { limiter } from '../../harness/runtimes/endpoint-http.js';
import { endpointRuntime } from '../../harness/runtimes/endpoint.js';
import { ggufRuntime } from '../../harness/runtimes/llm-gguf.js';
import type { LlmRuntime } from '../../harness/runtimes/llm-runtime.js';
import { writeTinyGguf } from '../../harness/runtimes/tiny-gguf.js';
import { klTopK } from '../../harness/measure/llm-kl.js';
import { startOpenAiServer, type TestServer } from '../helpers/openai-server.js';

const KEY = 'sk-test-0123456789abcdef';
const gen = { maxTokens: 6, stop: [], seed: 0 };

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  expect.fail('expected a rejection');
}

/** A plain HTTP server answering every request with `handler`'s status and body. */
async function plainServer(handler: (n: number) => [number, string]): Promise<{ url: string; server: Server }> {
  let n = 0;
  const server = createServer((_req, res) => {
    const [status, body] = handler(n++);
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

describe('runtimes/endpoint against an OpenAI-compatible server on 127.0.0.1', function () {
  this.timeout(120_000);
  let dir: string;
  let server: TestServer;
  let local: LlmRuntime;
  const spec = (extra: Record<string, unknown> = {}) =>
    endpointSpec.parse({ baseUrl: server.baseUrl, model: 'slimbench-test', apiKeyEnv: 'SLIMBENCH_TEST_KEY', retries: 0, ...extra });
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'endpoint-'));
    writeTinyGguf(join(dir, 'tiny.gguf'), 5);
    server = await startOpenAiServer(join(dir, 'tiny.gguf'), { apiKey: KEY });
    local = await ggufRuntime(join(dir, 'tiny.gguf'), 'tiny', { contextSize: 128, threads: 1 });
    process.env.SLIMBENCH_TEST_KEY = KEY;
  });
  after(async () => {
    delete process.env.SLIMBENCH_TEST_KEY;
    await local?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates through completions the same text as llama.cpp in-process', async () => {
    const remote = endpointRuntime(spec(), KEY);
    for (const p of ['Q: 1+2= A:', 'Q: 9*9= A:'])
      expect((await remote.generate(p, gen)).text).to.equal((await local.generate(p, gen)).text);
  });

  it('generates through chat the same text as through completions', async () => {
    const a = await endpointRuntime(spec({ api: 'chat' }), KEY).generate('Q: 4-1= A:', gen);
    const b = await endpointRuntime(spec(), KEY).generate('Q: 4-1= A:', gen);
    expect(a.text).to.equal(b.text);
  });

  it('counts generated tokens and times the first one before the end', async () => {
    const g = await endpointRuntime(spec(), KEY).generate('Q: 2+2= A:', gen);
    expect(g.genTokens).to.be.within(1, 6);
    expect(g.ttftMs).to.be.at.most(g.totalMs);
  });

  it('gives answer distributions that match in-process ones (KL near 0)', async () => {
    const remote = await endpointRuntime(spec(), KEY).answerDistributions('Q: 3+3= A:', ' 6', 20);
    const mine = await local.answerDistributions('Q: 3+3= A:', ' 6', 20);
    expect(remote).to.have.length(2);
    // Keys differ (text vs id), so compare the probabilities sorted.
    remote!.forEach((d, j) => {
      const a = [...d.values()].sort((x, y) => y - x).slice(0, 5);
      const b = [...mine![j].values()].sort((x, y) => y - x).slice(0, 5);
      a.forEach((v, i) => expect(v).to.be.closeTo(b[i], 1e-4));
    });
    expect(klTopK(remote![0], remote![0])).to.equal(0);
  });

  it('returns the top log-probabilities of generated tokens through chat, as in-process', async () => {
    const g = await endpointRuntime(spec({ api: 'chat' }), KEY).generate('Q: 5+1= A:', { ...gen, logprobs: 5 });
    const first = [...(await local.answerDistributions('Q: 5+1= A:', 'x', 5))![0].values()].sort((a, b) => b - a);
    expect(g.steps!.length).to.be.at.least(1);
    [...g.steps![0].top.values()].sort((a, b) => b - a).forEach((p, i) => expect(p).to.be.closeTo(first[i], 1e-4));
  });

  it('gives chat endpoints no answer distributions', async () => {
    expect(await endpointRuntime(spec({ api: 'chat' }), KEY).answerDistributions('Q:', ' 1', 5)).to.equal(null);
  });

  it('passes the reachability check of a live server', async () => {
    await checkEndpoint(spec(), 'suite.yaml:3:5');
  });

  it('fails a wrong key without showing the key', async () => {
    const err = await rejection(endpointRuntime(spec(), 'sk-wrong-key-42').generate('Q:', gen));
    expect(err.message).to.contain('401').and.not.contain('sk-wrong-key-42');
  });

  it('names the missing environment variable of the key', async () => {
    const err = await rejection(checkEndpoint(spec({ apiKeyEnv: 'SLIMBENCH_NO_SUCH_KEY' }), 'suite.yaml:4:7'));
    expect(err).to.be.instanceOf(InputError);
    expect(err.message).to.contain('SLIMBENCH_NO_SUCH_KEY').and.contain('suite.yaml:4:7');
  });
});

describe('runtimes/endpoint failures', function () {
  this.timeout(60_000);
  it('makes an unreachable server an InputError naming its URL', async () => {
    const { url, server } = await plainServer(() => [200, '']);
    await new Promise((r) => server.close(r));
    const err = await rejection(checkEndpoint(endpointSpec.parse({ baseUrl: url, model: 'm', retries: 0 }), 'suite.yaml:5:3'));
    expect(err).to.be.instanceOf(InputError);
    expect(err.message).to.contain(url).and.contain('unreachable').and.contain('suite.yaml:5:3');
  });

  it('makes a server that is not OpenAI-compatible an InputError saying so', async () => {
    const { url, server } = await plainServer(() => [200, '<html>hello</html>']);
    try {
      const err = await rejection(checkEndpoint(endpointSpec.parse({ baseUrl: url, model: 'm', retries: 0 }), 'here'));
      expect(err).to.be.instanceOf(InputError);
      expect(err.message).to.contain('not an OpenAI-compatible server');
    } finally {
      server.close();
    }
  });

  it('retries a 503 and succeeds on the next answer', async () => {
    const sse = 'data: {"choices":[{"text":"ok"}]}\n\ndata: [DONE]\n\n';
    const { url, server } = await plainServer((n) => (n === 0 ? [503, 'busy'] : [200, sse]));
    try {
      const r = endpointRuntime(endpointSpec.parse({ baseUrl: url, model: 'm', retries: 2 }), undefined);
      expect((await r.generate('x', gen)).text).to.equal('ok');
    } finally {
      server.close();
    }
  });

  it('gives up after the retries on a server that keeps failing', async () => {
    const { url, server } = await plainServer(() => [500, 'down']);
    try {
      const err = await rejection(
        endpointRuntime(endpointSpec.parse({ baseUrl: url, model: 'm', retries: 1 }), undefined).generate('x', gen),
      );
      expect(err.message).to.contain('HTTP 500');
    } finally {
      server.close();
    }
  });

  it('times out a server that never answers', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    try {
      const err = await rejection(
        endpointRuntime(endpointSpec.parse({ baseUrl: url, model: 'm', retries: 0, timeoutMs: 200 }), undefined).generate('x', gen),
      );
      expect(err.message).to.contain('no answer within 200 ms');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('keeps at most the limit of tasks in flight', async () => {
    const limit = limiter(2);
    let active = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limit(async () => {
          most = Math.max(most, ++active);
          await new Promise((r) => setTimeout(r, 10));
          active--;
        }),
      ),
    );
    expect(most).to.equal(2);
  });
});
