import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../helpers/paths.js';
import { FIXTURES } from './helpers.js';

describe('slimbench report (CLI)', function () {
  this.timeout(120_000);

  it('writes the site and exits 0', () => {
    const out = mkdtempSync(join(tmpdir(), 'slimbench-cli-report-'));
    const r = spawnSync(process.execPath, [CLI, 'report', FIXTURES.newer, '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/wrote 2 page\(s\) in [\d.]+ s \(largest [\d.]+ MB\)/);
    expect(existsSync(join(out, 'index.html'))).to.equal(true);
  });

  it('exits 2 with one message for a missing input', () => {
    const r = spawnSync(process.execPath, [CLI, 'report', 'no/such/run.json'], { encoding: 'utf8' });
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain('no/such/run.json: no such file or folder');
  });
});
