import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecord } from '../../harness/results/store.js';
import { runCli } from '../helpers/cli.js';
import { tinyHead, writeSuite } from '../helpers/suite.js';

const SUITE = `${tinyHead('sens')}
measure:
  resamples: 100
  speed: {batch: 16, warmupRounds: 1, warmupMs: 0, minRounds: 2, minTimeMs: 0, latencyRounds: 0}
variants:
  - name: each
    sensitivity:
      method: prune
      settings: {sparsity: 0.5}
      layers: all
  - name: named
    sensitivity:
      method: prune
      settings: {sparsity: 0.5}
      layers: [no_such_layer]
`;

describe('e2e: sensitivity analysis', function () {
  this.timeout(120_000);

  it('runs one cell per compressible layer, records its layer, and fails an unknown layer alone', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sb-sens-'));
    const r = await runCli([
      'run',
      writeSuite(SUITE),
      '--out',
      join(out, 'results'),
      '--cache-dir',
      join(out, 'cache'),
      '--workers',
      '1',
      '--json',
    ]);
    // An unknown layer name is bad input: its cell fails alone and the run exits 2.
    expect(r.code, r.stderr).to.equal(2);
    const record = readRecord((JSON.parse(r.stdout) as { records: string[] }).records[0]);
    expect(record.cells.map((c) => c.id)).to.deep.equal(['original', 'each[layer=0]', 'each[layer=1]', 'named[layer=no_such_layer]']);
    const [, first, second, named] = record.cells;
    expect(first.status).to.equal('ok');
    expect(first.layers).to.have.length(1);
    expect(second.layers).to.have.length(1);
    expect(first.layers![0]).to.not.equal(second.layers![0]);
    expect(named.status).to.equal('failed');
    expect(named.error).to.include("unknown layer 'no_such_layer'").and.include(first.layers![0]);
  });
});
