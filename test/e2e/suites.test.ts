import { expect } from 'chai';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimFigure } from '../../harness/report/claims.js';
import type { RunRecord } from '../../harness/results/record.js';
import { readRecord } from '../../harness/results/store.js';
import { loadSuite } from '../../harness/suite/load.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { ROOT } from '../helpers/paths.js';

const SUITES = readdirSync(join(ROOT, 'suites'))
  .filter((n) => n.endsWith('.yaml'))
  .sort()
  .map((n) => join(ROOT, 'suites', n));

describe('e2e: every suite in suites/ runs with --quick', function () {
  this.timeout(900_000);
  const tmp = mkdtempSync(join(tmpdir(), 'sb-e2e-suites-'));
  let result: CliResult;
  const records = new Map<string, RunRecord>();

  before(async () => {
    result = await runCli(['run', ...SUITES, '--quick', '--json', '--out', join(tmp, 'results'), '--cache-dir', join(tmp, 'cache')]);
    if (result.code === 0 || result.code === 1) {
      for (const path of (JSON.parse(result.stdout) as { records: string[] }).records) {
        const record = readRecord(path);
        records.set(record.suite.name, record);
      }
    }
  });

  it('exits 0 or 1: no bad input, no failed cell (gates may fail on the small quick data)', () => {
    expect(result.code, result.stderr.slice(-4000)).to.be.oneOf([0, 1]);
  });

  it('writes one quick record per suite', () => {
    const names = SUITES.map((f) => loadSuite(f).spec.name).sort();
    expect([...records.keys()].sort()).to.deep.equal(names);
    for (const r of records.values()) expect(r.run.quick, r.suite.name).to.equal(true);
  });

  it('measures every cell of every suite', () => {
    for (const r of records.values()) {
      expect(r.cells.length, r.suite.name).to.be.greaterThan(1);
      const bad = r.cells.filter((c) => c.status !== 'ok').map((c) => `${c.id}: ${c.error}`);
      expect(bad, r.suite.name).to.deep.equal([]);
    }
  });

  it("evaluates every suite's gates to a value", () => {
    for (const f of SUITES) {
      const { spec } = loadSuite(f);
      const r = records.get(spec.name)!;
      expect(r.gates.length, spec.name).to.equal(spec.gates.reduce((n, g) => n + Object.keys(g.checks).length * r.cells.filter((c) => c.variant === g.variant).length, 0));
      expect(r.gates.filter((g) => g.value === null).map((g) => g.check), spec.name).to.deep.equal([]);
    }
  });

  it('finds every figure a claim names in its record', () => {
    for (const f of SUITES) {
      const { spec } = loadSuite(f);
      for (const fig of spec.claim?.figures ?? []) {
        expect(claimFigure(records.get(spec.name)!, fig), `${spec.name}: ${fig.label} (${fig.variant} ${fig.field})`).to.not.equal(null);
      }
    }
  });
});
