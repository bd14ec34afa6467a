import { expect } from 'chai';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecord } from '../../harness/results/store.js';
import { run, writeAppLock } from '../helpers/offline-install.js';
import { fixture, ROOT } from '../helpers/paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'sb-e2e-pack-'));
const app = join(tmp, 'app');
let files: string[] = [];
let tarball = '';

describe('e2e: the packed package', function () {
  this.timeout(300_000);

  before(async () => {
    // The build already ran (tests run from dist/); --ignore-scripts skips prepack's rebuild.
    const r = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT);
    expect(r.code, r.stderr).to.equal(0);
    const [info] = JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = info.filename;
    files = info.files.map((f) => f.path);
  });

  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('holds no test sources, compiled tests or test fixtures', () => {
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('dist/test/') || /\.test\.[jt]s$/.test(f))).to.deep.equal([]);
  });

  it('holds no baselines and no stored predictions', () => {
    expect(files.filter((f) => f.startsWith('baselines/') || f.includes('predictions/'))).to.deep.equal([]);
  });

  it('holds the built API with its types, the report templates, the suite schema and the datasets', () => {
    const templates = readdirSync(join(ROOT, 'harness/report/templates')).map((f) => `harness/report/templates/${f}`);
    expect(files).to.include.members([
      'dist/harness/index.js',
      'dist/harness/index.d.ts',
      'dist/harness/cli/main.js',
      'dist/harness/runner/worker.js',
      'suites/suite.schema.json',
      'suites/README.md',
      'suites/quickstart.yaml',
      'datasets/wall-robot-navigation.csv',
      ...templates,
    ]);
  });

  describe('installed offline into an empty folder', () => {
    before(async () => {
      mkdirSync(app);
      writeAppLock(app, tarball);
      // Optional packages (tfjs-node, llama.cpp's GPU builds: ~700 MB) are left out to keep this fast; the suite needs none.
      const r = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--omit=optional', '--ignore-scripts'], app);
      expect(r.code, r.stderr).to.equal(0);
      copyFileSync(fixture('suites/tiny.yaml'), join(app, 'tiny.yaml'));
      copyFileSync(fixture('suites/tiny.csv'), join(app, 'tiny.csv'));
    });

    it('runs a suite with npx slimbench and writes its record', async () => {
      const r = await run('npx', ['--offline', 'slimbench', 'run', 'tiny.yaml', '--quick', '--no-cache', '--json'], app);
      expect(r.code, r.stderr).to.equal(0);
      const [file] = (JSON.parse(r.stdout) as { records: string[] }).records;
      const record = readRecord(join(app, file));
      expect(record.cells.length).to.be.greaterThan(1);
      expect(record.cells.every((c) => c.status === 'ok')).to.equal(true);
    });

    it('renders an interactive report from the installed templates and vega builds', async () => {
      const r = await run('npx', ['--offline', 'slimbench', 'report', 'results', '--out', 'site', '--interactive'], app);
      expect(r.code, r.stderr).to.equal(0);
      expect(existsSync(join(app, 'site/index.html'))).to.equal(true);
      expect(readdirSync(join(app, 'site/assets')).sort()).to.deep.equal([
        'slimbench-interactive.js',
        'vega-embed.min.js',
        'vega-lite.min.js',
        'vega.min.js',
      ]);
    });

    it('resolves the API, the schema and a bundled suite through the exports map', async () => {
      const script =
        "const m = await import('slimbench'); const { createRequire } = await import('node:module'); const req = createRequire(process.cwd() + '/'); console.log(JSON.stringify([typeof m.runSuite, req.resolve('slimbench/suite.schema.json').endsWith('suites/suite.schema.json'), req.resolve('slimbench/suites/quickstart.yaml').length > 0]));";
      const r = await run(process.execPath, ['--input-type=module', '-e', script], app);
      expect(r.code, r.stderr).to.equal(0);
      expect(JSON.parse(r.stdout)).to.deep.equal(['function', true, true]);
    });
  });
});
