import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tinyModelDir, writeLlmSuite } from '../helpers/llm-suite.js';

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('e2e: bad input of LLM suites exits 2 naming it', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = tinyModelDir();
    writeFileSync(join(dir, 'notes.gguf'), 'these are notes, not a model\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing GGUF file', async () => {
    const r = await runCli(['run', writeLlmSuite(dir, 'model: {gguf: missing.gguf}', 'missing'), '--out', join(dir, 'out')]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('missing.gguf').and.contain('GGUF file not found');
  });

  it('a file that is not GGUF', async () => {
    const r = await runCli(['validate', writeLlmSuite(dir, 'model: {gguf: notes.gguf}', 'notgguf')]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('notes.gguf');
  });

  it('an unreachable endpoint, at validate time and before a run writes anything', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const file = writeLlmSuite(
      dir,
      `model: {gguf: tiny.gguf}\nvariants: [{name: remote, model: {endpoint: {baseUrl: "${url}", model: m, retries: 0}}}]`,
      'unreachable',
    );
    const v = await runCli(['validate', file]);
    const r = await runCli(['run', file, '--out', join(dir, 'out-unreachable')]);
    for (const x of [v, r]) {
      expect(x.code).to.equal(2);
      expect(x.stderr).to.contain(url).and.contain('unreachable').and.contain("variant 'remote'");
    }
    expect(existsSync(join(dir, 'out-unreachable'))).to.equal(false);
  });
});
