import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunRecord } from '../../harness/results/record.js';
import { readRecord } from '../../harness/results/store.js';
import { runCli, type CliResult } from '../helpers/cli.js';

describe('e2e: the quickstart, as the README runs it (quick mode)', function () {
  this.timeout(600_000);
  const tmp = mkdtempSync(join(tmpdir(), 'sb-e2e-quickstart-'));
  let result: CliResult;
  let record: RunRecord;

  before(async () => {
    result = await runCli([
      'run',
      'suites/quickstart.yaml',
      '--quick',
      '--report',
      '--json',
      '--out',
      join(tmp, 'results'),
      '--report-out',
      join(tmp, 'reports'),
      '--cache-dir',
      join(tmp, 'cache'),
    ]);
    record = readRecord((JSON.parse(result.stdout) as { records: string[] }).records[0]);
  });

  it('exits 0 or 1 and names the backend that produced the numbers', () => {
    expect(result.code, result.stderr.slice(-3000)).to.be.oneOf([0, 1]);
    expect(record.env.backend).to.equal('wasm');
  });

  it('leaves reports/index.html with an inline SVG chart', () => {
    const index = join(tmp, 'reports', 'index.html');
    expect(existsSync(index)).to.equal(true);
    const pages = [
      index,
      ...(readFileSync(index, 'utf8').match(/href="(runs\/[^"]+\.html)"/g) ?? []).map((m) => join(tmp, 'reports', m.slice(6, -1))),
    ];
    expect(pages.some((p) => /<svg[\s>]/.test(readFileSync(p, 'utf8')))).to.equal(true);
  });

  it('zeroes the share of prunable weights that each pruned cell asked for, within 1 point, and no bias', () => {
    const pruned = record.cells.filter((c) => c.method === 'prune');
    expect(pruned.length).to.be.greaterThan(0);
    for (const c of pruned) {
      const info = c.methodInfo as { keptSparsity: number; prunedWeights: number };
      const sparsity = c.settings.sparsity as number;
      expect(info.keptSparsity, c.id).to.be.closeTo(sparsity, 0.01);
      // Every zero is a pruned kernel weight: biases keep their values.
      const zeros = c.size!.params - c.size!.nonzeroParams;
      expect(zeros / info.prunedWeights, c.id).to.be.closeTo(sparsity, 0.01);
    }
  });

  it('measures quality, size and speed for every cell', () => {
    for (const c of record.cells) {
      expect(c.status, `${c.id}: ${c.error}`).to.equal('ok');
      expect(c.quality!.accuracy.ci[0]).to.be.at.most(c.quality!.accuracy.value);
      expect(c.size!.gzipBytes).to.be.greaterThan(0);
      expect(c.speed!.throughput.samplesPerSec).to.be.greaterThan(0);
    }
  });

  it('measures the int8 ONNX cell on onnxruntime: its own outputs, its speedup with an interval, what it quantized', () => {
    const c = record.cells.find((x) => x.variant === 'int8-onnx')!;
    expect(c.evaluatedOn).to.equal('onnxruntime');
    expect(c.runtimes!.tfjs.status).to.equal('skipped');
    const rt = c.runtimes!.onnxruntime;
    // Integer numerics differ from the float model: the divergence figures come from them.
    expect(rt.parity!.maxAbsDiff).to.be.above(1e-4);
    expect(c.kl!.value).to.be.above(0);
    const s = rt.speed!.speedup;
    expect(s.ci[0]).to.be.at.most(s.value).and.above(0);
    expect(s.ci[1]).to.be.at.least(s.value);
    expect(c.methodInfo!.quantizedOps).to.deep.equal({ MatMul: 1 });
    expect(c.methodInfo!.keptFloat).to.have.length(2);
    expect((c.methodInfo!.keptFloat as string[])[0]).to.include('24 multiply-adds per output < minDim 32');
    expect((c.methodInfo!.keptFloat as string[])[1]).to.include('4 multiply-adds per input value < minDim 32');
  });
});
