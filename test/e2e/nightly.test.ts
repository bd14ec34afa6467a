import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import type { Comparison } from '../../harness/compare/types.js';
import { readRecord } from '../../harness/results/store.js';
import { loadSuite } from '../../harness/suite/load.js';
import { expandPlan } from '../../harness/suite/plan.js';
import { applyQuick } from '../../harness/suite/quick.js';
import { ROOT } from '../helpers/paths.js';

describe('scripts/nightly.sh --quick on the quickstart suite', function () {
  this.timeout(300_000);
  const tmp = mkdtempSync(join(tmpdir(), 'slimbench-nightly-'));
  const dirs = { out: join(tmp, 'results'), baselines: join(tmp, 'baselines'), site: join(tmp, 'site'), cache: join(tmp, 'cache') };
  const quickIds = expandPlan(applyQuick(loadSuite(join(ROOT, 'suites/quickstart.yaml'))), true)
    .cells.map((c) => c.id)
    .sort();
  let code: number | null = null;
  let stderr = '';

  before(() => {
    const r = spawnSync(
      'bash',
      [
        join(ROOT, 'scripts/nightly.sh'),
        '--quick',
        '--init-baselines',
        '--out',
        dirs.out,
        '--baselines',
        dirs.baselines,
        '--site',
        dirs.site,
        '--cache-dir',
        dirs.cache,
        join(ROOT, 'suites/quickstart.yaml'),
      ],
      { encoding: 'utf8', cwd: tmp },
    );
    code = r.status;
    stderr = r.stderr;
  });

  it('exits 0: the run compared with its own baseline has no regression', () => {
    expect(code, stderr).to.equal(0);
  });

  it('runs both shards and merges them into one record of every cell', () => {
    const files = readdirSync(join(dirs.out, 'quickstart')).filter((f) => f.endsWith('-nightly.json'));
    expect(files).to.have.length(1);
    const record = readRecord(join(dirs.out, 'quickstart', files[0]));
    expect(record.run.shard).to.equal(null);
    expect(record.cells.map((c) => c.id).sort()).to.deep.equal(quickIds);
    expect(stderr).to.include('--shard 1/2').and.include('--shard 2/2');
  });

  it('writes a compare verdict in every format', () => {
    const v = join(dirs.out, '.nightly', 'verdicts', 'quickstart');
    const verdict = JSON.parse(readFileSync(`${v}.json`, 'utf8')) as Comparison;
    expect(verdict.regressed).to.equal(false);
    expect(verdict.counts.pass).to.equal(quickIds.length);
    expect(verdict.cells.find((c) => c.id === 'pruned[sparsity=0.5]')!.metrics.find((m) => m.metric === 'accuracy')!.test).to.equal(
      'mcnemar',
    );
    expect(XMLValidator.validate(readFileSync(`${v}.xml`, 'utf8'))).to.equal(true);
    expect(JSON.parse(readFileSync(`${v}.bench.json`, 'utf8'))).to.be.an('array').that.is.not.empty;
  });

  it('renders the site with the verdicts beside it', () => {
    expect(existsSync(join(dirs.site, 'index.html'))).to.equal(true);
    expect(readFileSync(join(dirs.site, 'compare', 'quickstart.md'), 'utf8')).to.include('no regression');
  });
});
