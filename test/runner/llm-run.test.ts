import { expect } from 'chai';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mergeShards } from '../../harness/results/merge.js';
import { runRecord, type CellRecord, type RunRecord } from '../../harness/results/record.js';
import { runLlmSuite } from '../../harness/runner/llm-run.js';
import { loadAnySuite } from '../../harness/suite/any-suite.js';
import type { LoadedLlmSuite } from '../../harness/suite/llm-load.js';
import { tinyModelDir, writeLlmSuite } from '../helpers/llm-suite.js';
import { startOpenAiServer, type TestServer } from '../helpers/openai-server.js';

const KEY = 'sk-fake-llm-run-7f3a9c1e5b';
const silent = { quick: false, backend: 'auto' as const, log: () => undefined };

function load(file: string): LoadedLlmSuite {
  const s = loadAnySuite(file);
  if (s.kind !== 'llm') throw new Error('expected an LLM suite');
  return s;
}

const cell = (r: RunRecord, id: string): CellRecord => r.cells.find((c) => c.id === id)!;
const answersOf = (r: RunRecord, dir: string, id: string) => {
  const ref = cell(r, id).answers as { file: string };
  return JSON.parse(readFileSync(join(dir, r.suite.name, ref.file), 'utf8')).tasks;
};

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

describe('runner/llm-run', function () {
  this.timeout(180_000);
  let dir: string;
  let server: TestServer;
  let local: RunRecord;
  before(async () => {
    dir = tinyModelDir(2);
    server = await startOpenAiServer(join(dir, 'tiny.gguf'), { apiKey: KEY });
    const file = writeLlmSuite(dir, 'model: {gguf: tiny.gguf}\nvariants: [{name: f16, model: {gguf: tiny-f16.gguf}}]', 'local');
    local = (await runLlmSuite(load(file), { ...silent, outDir: join(dir, 'out') })).record;
  });
  after(async () => {
    delete process.env.SLIMBENCH_FAKE_KEY;
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a record the run-record schema accepts, every cell ok', () => {
    expect(runRecord.safeParse(local).success).to.equal(true);
    expect(local.cells.map((c) => c.status)).to.deep.equal(['ok', 'ok']);
  });

  it('counts the F16 file at about half the F32 bytes', () => {
    expect(cell(local, 'f16').size!.compressionRatio).to.be.within(1.8, 2.0);
  });

  it('pairs the F16 variant with the original: near-zero KL, fidelity and McNemar', () => {
    const f16 = cell(local, 'f16');
    expect(f16.kl!.value).to.be.within(0, 1e-3);
    expect(f16.fidelity).to.be.a('number');
    expect(f16.mcnemarP).to.be.within(0, 1);
  });

  it('records time to first token, tokens/s and their ratio against the original', () => {
    const llm = cell(local, 'f16').llm!;
    expect(llm.ttftMs.p50).to.be.greaterThan(0);
    expect(llm.genTokensPerSec.p50).to.be.greaterThan(0);
    expect(llm.tokensPerSecRatio!.ci[0]).to.be.at.most(llm.tokensPerSecRatio!.ci[1]);
  });

  it('gives the same answers through the endpoint as in-process', async () => {
    process.env.SLIMBENCH_FAKE_KEY = KEY;
    const head = `model: {endpoint: {baseUrl: "${server.baseUrl}", model: slimbench-test, apiKeyEnv: SLIMBENCH_FAKE_KEY}}`;
    const out = join(dir, 'out-endpoint');
    const remote = (await runLlmSuite(load(writeLlmSuite(dir, head, 'local')), { ...silent, outDir: out })).record;
    expect(answersOf(remote, out, 'original')).to.deep.equal(answersOf(local, join(dir, 'out'), 'original'));
    expect(cell(remote, 'original').quality!.accuracy).to.deep.equal(cell(local, 'original').quality!.accuracy);
    expect(cell(remote, 'original').llm!.perplexity).to.be.closeTo(cell(local, 'original').llm!.perplexity as number, 1e-3);
  });

  it('measures KL between two chat endpoints along their shared greedy tokens', async () => {
    const f16 = await startOpenAiServer(join(dir, 'tiny-f16.gguf'));
    try {
      const ep = (url: string) => `{endpoint: {baseUrl: "${url}", model: slimbench-test, api: chat, retries: 0}}`;
      const head = `model: ${ep(server.baseUrl).replace('retries: 0', 'retries: 0, apiKeyEnv: SLIMBENCH_FAKE_KEY')}\nvariants: [{name: f16, model: ${ep(f16.baseUrl)}}]`;
      process.env.SLIMBENCH_FAKE_KEY = KEY;
      const r = (await runLlmSuite(load(writeLlmSuite(dir, head, 'chat')), { ...silent, outDir: join(dir, 'out-chat') })).record;
      expect(cell(r, 'f16').kl!.value).to.be.within(0, 1e-3);
    } finally {
      await f16.close();
    }
  });

  it('measures a finite perplexity, about the same for F16 as for F32', () => {
    const [a, b] = ['original', 'f16'].map((id) => cell(local, id).llm!.perplexity as number);
    expect(a).to.be.greaterThan(1);
    expect(b / a).to.be.closeTo(1, 0.01);
  });

  it('never writes the API key into any file of the run', async () => {
    process.env.SLIMBENCH_FAKE_KEY = KEY;
    const head = `model: {gguf: tiny.gguf}\nvariants: [{name: remote, model: {endpoint: {baseUrl: "${server.baseUrl}", model: slimbench-test, apiKeyEnv: SLIMBENCH_FAKE_KEY}}}]`;
    const out = join(dir, 'out-key');
    const logs: string[] = [];
    await runLlmSuite(load(writeLlmSuite(dir, head, 'keyed')), { ...silent, outDir: out, log: (m) => logs.push(m) });
    const written = files(out);
    expect(written.length).to.be.greaterThan(2);
    for (const f of written) expect(readFileSync(f, 'utf8'), f).to.not.contain(KEY);
    expect(logs.join('\n')).to.not.contain(KEY);
  });

  it('makes Q8_0 and Q4_0 variants from the original file with gguf-quantize and measures them', async () => {
    const head =
      'model: {gguf: tiny.gguf}\nvariants:\n  - {name: q8, method: gguf-quantize, settings: {type: q8_0}}\n  - {name: q4, method: gguf-quantize, settings: {type: q4_0}}';
    const out = join(dir, 'out-quant');
    const r = (await runLlmSuite(load(writeLlmSuite(dir, head, 'quant')), { ...silent, outDir: out })).record;
    expect(r.cells.map((c) => c.status)).to.deep.equal(['ok', 'ok', 'ok']);
    expect(cell(r, 'q8').size!.compressionRatio).to.be.at.least(1 / 0.3);
    expect(cell(r, 'q4').size!.compressionRatio).to.be.at.least(1 / 0.17);
    expect(cell(r, 'q4').kl!.value).to.be.greaterThan(cell(r, 'q8').kl!.value);
    expect(cell(r, 'q8').methodInfo).to.include({ type: 'q8_0' });
  });

  it('splits the variants across shards that merge into every cell once', async () => {
    const file = writeLlmSuite(
      dir,
      'model: {gguf: tiny.gguf}\nvariants: [{name: a, model: {gguf: tiny-f16.gguf}}, {name: b, model: {gguf: tiny.gguf}}]',
      'sharded',
    );
    const shards = [];
    for (const index of [1, 2])
      shards.push(await runLlmSuite(load(file), { ...silent, outDir: join(dir, 'out-shards'), shard: { index, count: 2 } }));
    const merged = mergeShards(
      shards.map((s) => ({ path: s.path, record: s.record })),
      'merged',
    );
    expect(merged.cells.map((c) => c.id).sort()).to.deep.equal(['a', 'b', 'original']);
    expect(merged.cells.find((c) => c.id === 'b')!.fidelity).to.equal(1);
  });

  it('records a failed cell, and goes on, when the server dies mid-run', async () => {
    const dying = await startOpenAiServer(join(dir, 'tiny.gguf'), { dieAfter: 3 });
    try {
      const head = `model: {gguf: tiny.gguf}\nvariants:\n  - {name: dies, model: {endpoint: {baseUrl: "${dying.baseUrl}", model: slimbench-test, retries: 1}}}\n  - {name: f16, model: {gguf: tiny-f16.gguf}}`;
      const r = (await runLlmSuite(load(writeLlmSuite(dir, head, 'dying')), { ...silent, outDir: join(dir, 'out-dying') })).record;
      expect(r.cells.map((c) => [c.id, c.status])).to.deep.equal([
        ['original', 'ok'],
        ['dies', 'failed'],
        ['f16', 'ok'],
      ]);
      expect(cell(r, 'dies').error).to.contain(dying.baseUrl.replace(/\/v1$/, ''));
    } finally {
      await dying.close();
    }
  });
});
