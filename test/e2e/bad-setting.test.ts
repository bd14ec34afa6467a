import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecord } from '../../harness/results/store.js';
import { runCli } from '../helpers/cli.js';
import { tinyHead, writeSuite } from '../helpers/suite.js';

describe('e2e: a setting only the model can refute', function () {
  this.timeout(120_000);

  it('exits 2 naming the allowed range when a rank exceeds every layer', async () => {
    const suite = writeSuite(`${tinyHead()}\nvariants:\n  - {name: lowrank, method: lowrank, settings: {rank: 50}}\n`);
    const tmp = mkdtempSync(join(tmpdir(), 'sb-bad-setting-'));
    const r = await runCli(['run', suite, '--out', join(tmp, 'results'), '--cache-dir', join(tmp, 'cache'), '--workers', '1']);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(/lowrank.*rank 50.*1\.\.\d+/s);
  });

  it('records the error code of a bad-input cell computed on a worker thread', async () => {
    const suite = writeSuite(`${tinyHead()}\nvariants:\n  - {name: lowrank, method: lowrank, settings: {rank: 50}}\n`);
    const tmp = mkdtempSync(join(tmpdir(), 'sb-bad-setting-'));
    const r = await runCli(['run', suite, '--out', join(tmp, 'results'), '--cache-dir', join(tmp, 'cache'), '--workers', '2', '--json']);
    expect(r.code, r.stderr).to.equal(2);
    const out = JSON.parse(r.stdout) as { records: string[]; exitCode: number };
    expect(out.exitCode).to.equal(2);
    const cell = readRecord(out.records[0]).cells.find((c) => c.variant === 'lowrank')!;
    expect(cell).to.deep.include({ status: 'failed', badInput: true, errorCode: 'lowrank-rank-too-large' });
  });
});
