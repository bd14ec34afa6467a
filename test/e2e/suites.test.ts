import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimFigure } from '../../harness/report/claims.js';
import { buildSite } from '../../harness/report/site.js';
import type { RunRecord } from '../../harness/results/record.js';
import { readRecord } from '../../harness/results/store.js';
import { loadAnySuite as loadSuite } from '../../harness/suite/any-suite.js';
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
  const paths = new Map<string, string>();

  before(async () => {
    result = await runCli(['run', ...SUITES, '--quick', '--json', '--out', join(tmp, 'results'), '--cache-dir', join(tmp, 'cache')]);
    if (result.code === 0 || result.code === 1) {
      for (const path of (JSON.parse(result.stdout) as { records: string[] }).records) {
        const record = readRecord(path);
        records.set(record.suite.name, record);
        paths.set(record.suite.name, path);
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
      expect(r.gates.length, spec.name).to.equal(
        spec.gates.reduce((n, g) => n + Object.keys(g.checks).length * r.cells.filter((c) => c.variant === g.variant).length, 0),
      );
      expect(
        r.gates.filter((g) => g.value === null).map((g) => g.check),
        spec.name,
      ).to.deep.equal([]);
    }
  });

  it('finds every figure a claim names in its record', () => {
    for (const f of SUITES) {
      const { spec } = loadSuite(f);
      const record = records.get(spec.name)!;
      const ids = new Set(record.cells.map((c) => c.id.replace(/#s\d+$/, '')));
      for (const fig of spec.claim?.figures ?? []) {
        // a figure of one sweep point that the quick run leaves out is looked up in the full baseline
        const from = fig.cell !== undefined && !ids.has(fig.cell) ? readRecord(join(ROOT, 'baselines', `${spec.name}.json`)) : record;
        expect(claimFigure(from, fig), `${spec.name}: ${fig.label} (${fig.variant} ${fig.field})`).to.not.equal(null);
      }
    }
  });

  /** The run page of a suite's record, built into a fresh site. */
  async function page(name: string): Promise<string> {
    const out = join(tmp, `site-${name}`);
    await buildSite([paths.get(name)!], { outDir: out });
    const dir = join(out, 'runs', name);
    return readFileSync(
      join(
        dir,
        readdirSync(dir).find((f) => f.endsWith('.html'))!,
      ),
      'utf8',
    );
  }

  it('gives every fine-tuned quickstart cell a control and a paired difference from it, shown beside the one from the original', async () => {
    const r = records.get('quickstart')!;
    const tuned = r.cells.filter((c) => c.variant === 'pruned-tuned');
    expect(r.cells.filter((c) => c.role === 'control').map((c) => c.id)).to.deep.equal(['control[fineTune=2]']);
    for (const c of tuned) expect(c.vsControl?.control, c.id).to.equal('control[fineTune=2]');
    const html = await page('quickstart');
    expect(html).to.contain('Δ accuracy vs original (pts)');
    expect(html).to.contain('Δ accuracy vs control (pts)');
    expect(html).to.match(/of the gain is training budget|reaches [^<]* alone/);
  });

  for (const [name, kind] of [
    ['quickstart', 'item-text'],
    ['digits-distillation', 'img'],
    ['reasoning-transformer', 'item-text'],
  ] as const) {
    it(`renders the forgetting section of ${name} with per-class tests and its exemplars shown as ${kind === 'img' ? 'images' : 'text'}`, async () => {
      const r = records.get(name)!;
      const html = await page(name);
      const section = html.slice(html.indexOf('id="forgetting"'));
      expect(section, name).to.contain('classes lost significantly');
      const variants = r.cells.filter((c) => !c.reference && c.status === 'ok');
      expect(
        variants.every((c) => c.forgetting !== undefined),
        name,
      ).to.equal(true);
      expect((section.match(/<table class="per-class">/g) ?? []).length, name).to.equal(variants.length);
      const shown = (r.forgotten?.variants ?? []).reduce((n, g) => n + Math.min(g.items.length, r.forgotten!.shown), 0);
      expect((section.match(/<li class="exemplar">/g) ?? []).length, name).to.equal(shown);
      if (kind === 'img') expect((section.match(/<img src="data:image\/png;base64,/g) ?? []).length, name).to.equal(shown);
      else expect((section.match(/<span class="item-text">/g) ?? []).length, name).to.equal(shown);
    });
  }
});
