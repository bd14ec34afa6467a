import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { claimFigure } from '../../harness/report/claims.js';
import type { CellRecord, RunRecord } from '../../harness/results/record.js';
import { loadAnySuite } from '../../harness/suite/any-suite.js';
import { readRecord } from '../../harness/results/store.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startOpenAiServer, type TestServer } from '../helpers/openai-server.js';
import { ROOT } from '../helpers/paths.js';

const SUITE = join(ROOT, 'suites', 'reasoning-llm-quantization.yaml');
const KEY = 'sk-e2e-fake-key-5d1c0b7a93';

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

const recordOf = (r: CliResult): RunRecord => readRecord((JSON.parse(r.stdout) as { records: string[] }).records[0]);
const cell = (r: RunRecord, id: string): CellRecord => r.cells.find((c) => c.id === id)!;
const answers = (r: RunRecord, path: string, id: string) => {
  const ref = cell(r, id).answers as { file: string };
  return JSON.parse(readFileSync(resolve(path, '..', ref.file), 'utf8')).tasks;
};

describe('e2e: reasoning-llm-quantization in --quick, in-process and through an endpoint', function () {
  this.timeout(900_000);
  const tmp = mkdtempSync(join(tmpdir(), 'sb-e2e-llm-'));
  let local: CliResult;
  let record: RunRecord;
  let server: TestServer;
  let remote: CliResult;

  before(async () => {
    local = await runCli([
      'run',
      SUITE,
      '--quick',
      '--report',
      '--json',
      '--out',
      join(tmp, 'results'),
      '--report-out',
      join(tmp, 'reports'),
    ]);
    record = recordOf(local);
    const doc = parseDocument(readFileSync(SUITE, 'utf8'));
    const gguf = resolve(ROOT, 'suites', String(doc.getIn(['model', 'gguf'])));
    server = await startOpenAiServer(gguf, { apiKey: KEY, model: 'reasoner' });
    // The same suite, its original served over HTTP; the key comes from the environment.
    doc.set('model', doc.createNode({ endpoint: { baseUrl: server.baseUrl, model: 'reasoner', apiKeyEnv: 'SLIMBENCH_E2E_KEY' } }));
    doc.set('variants', doc.createNode([]));
    doc.set('gates', doc.createNode([]));
    doc.delete('claim');
    const file = join(tmp, 'endpoint.yaml');
    writeFileSync(file, doc.toString());
    process.env.SLIMBENCH_E2E_KEY = KEY;
    remote = await runCli([
      'run',
      file,
      '--quick',
      '--report',
      '--json',
      '--out',
      join(tmp, 'results-endpoint'),
      '--report-out',
      join(tmp, 'reports'),
    ]);
  });
  after(async () => {
    delete process.env.SLIMBENCH_E2E_KEY;
    await server?.close();
  });

  it('exits 0 or 1 with every cell ok and every gate evaluated', () => {
    expect(local.code, local.stderr.slice(-3000)).to.be.oneOf([0, 1]);
    expect(record.cells.filter((c) => c.status !== 'ok').map((c) => `${c.id}: ${c.error}`)).to.deep.equal([]);
    expect(record.gates.filter((g) => g.value === null)).to.deep.equal([]);
  });

  it('writes Q8_0 and Q4_0 files at most 0.30x and 0.17x the F32 bytes', () => {
    const f32 = cell(record, 'original').size!.artifactBytes;
    expect(cell(record, 'q8_0').size!.artifactBytes / f32).to.be.at.most(0.3);
    expect(cell(record, 'q4_0').size!.artifactBytes / f32).to.be.at.most(0.17);
  });

  it("records each variant's tokens/s against F32 with an interval", () => {
    for (const c of record.cells.filter((x) => !x.reference)) {
      const r = c.llm!.tokensPerSecRatio!;
      expect(r.ci[0], c.id).to.be.at.most(r.value);
      expect(r.ci[1], c.id).to.be.at.least(r.value);
    }
  });

  it('finds every figure of the claim in the record', () => {
    const { spec } = loadAnySuite(SUITE);
    for (const fig of spec.claim?.figures ?? []) expect(claimFigure(record, fig), fig.label).to.not.equal(null);
  });

  it('compares the run with itself as no regression', async () => {
    const path = (JSON.parse(local.stdout) as { records: string[] }).records[0];
    const r = await runCli(['compare', path, '--baseline', path]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.contain('q4_0');
  });

  it('gives the same answers and accuracy through the endpoint as in-process', () => {
    expect(remote.code, remote.stderr.slice(-3000)).to.equal(0);
    const r = recordOf(remote);
    const paths = [
      (JSON.parse(local.stdout) as { records: string[] }).records[0],
      (JSON.parse(remote.stdout) as { records: string[] }).records[0],
    ];
    expect(answers(r, paths[1], 'original')).to.deep.equal(answers(record, paths[0], 'original'));
    expect(cell(r, 'original').quality!.accuracy).to.deep.equal(cell(record, 'original').quality!.accuracy);
  });

  it('never writes the API key into a record, a side file or a page', () => {
    const written = files(tmp);
    expect(written.some((f) => f.endsWith('.html'))).to.equal(true);
    for (const f of written) expect(readFileSync(f, 'latin1').includes(KEY), f).to.equal(false);
    expect(remote.stdout + remote.stderr).to.not.contain(KEY);
  });
});
