import { expect } from 'chai';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite, loadRecords } from '../../harness/report/site.js';
import { FIXTURES, HOSTILE_SUITE, schemaErrors } from './helpers.js';
import { inputError } from '../helpers/errors.js';

const RUN = 'runs/_script_alert_1_script_/2026-02-02T10-00-00Z-bbbb';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';
// Handlebars escapes '=' too.
const VERDICT_START = 'quantized[bits&#x3D;8]: 4.00x smaller gzip';

/** The JSON specs of a page's charts. */
function specsOf(html: string): unknown[] {
  return [...html.matchAll(/<script type="application\/json" class="chart-spec">([^<]*)<\/script>/g)].map(
    (m) => JSON.parse(m[1]) as unknown,
  );
}

describe('report/site', function () {
  this.timeout(120_000);
  const out = mkdtempSync(join(tmpdir(), 'slimbench-site-'));
  let html = '';
  let index = '';

  before(async () => {
    await buildSite([FIXTURES.newer, FIXTURES.older], { outDir: out });
    html = readFileSync(join(out, `${RUN}.html`), 'utf8');
    index = readFileSync(join(out, 'index.html'), 'utf8');
  });

  it('writes an index, one page per run, and the record and CSV next to each page', () => {
    for (const f of [
      'index.html',
      `${RUN}.html`,
      `${RUN}.json`,
      `${RUN}.csv`,
      'runs/_script_alert_1_script_/2026-01-01T10-00-00Z-aaaa.html',
    ]) {
      expect(existsSync(join(out, f)), f).to.equal(true);
    }
  });

  it('shows the hostile suite name as text, never as markup', () => {
    for (const page of [html, index]) expect(page).to.not.contain(HOSTILE_SUITE);
    expect(html).to.contain(`<h1>${ESCAPED}</h1>`);
    expect(index).to.contain(`>${ESCAPED}</h2>`);
    expect(html).to.not.contain('<img src=x');
    expect(html).to.not.contain('<em>markup</em>');
  });

  it('carries every chart as inline SVG with a title, a caption and its spec as valid Vega-Lite JSON', () => {
    const figures = html.match(/<figure class="chart/g) ?? [];
    expect(figures).to.have.length(8);
    expect(html.match(/<svg [^>]*role="img"/g)).to.have.length(8);
    expect(html.match(/<figcaption/g)).to.have.length(8);
    const specs = specsOf(html);
    expect(specs).to.have.length(8);
    for (const s of specs) expect(schemaErrors(s)).to.deep.equal([]);
  });

  it('loads no script in static mode', () => {
    expect(html).to.not.match(/<script(?! type="application\/json")/);
  });

  it('shows the environment, the verdict and the gates', () => {
    for (const text of ['24.7 GFLOP/s', '0123456789ab', 'abababababab', 'wasm', 'Test CPU &lt;i&gt;']) expect(html, text).to.contain(text);
    expect(html).to.contain(`${VERDICT_START}`);
    expect(html).to.contain('✓ pass');
    expect(html).to.contain('✗ FAIL');
  });

  it('uses real table headers with scopes', () => {
    expect(html).to.contain('<th scope="colgroup" colspan="5">Quality</th>');
    expect(html.match(/<th scope="row">/g)!.length).to.be.greaterThan(11);
  });

  it('lists the suite on the index with its latest verdict, both runs and a history chart', () => {
    expect(index).to.contain('href="runs/_script_alert_1_script_/2026-02-02T10-00-00Z-bbbb.html"');
    expect(index).to.contain('href="runs/_script_alert_1_script_/2026-01-01T10-00-00Z-aaaa.html"');
    expect(index).to.contain(`${VERDICT_START}`);
    expect(specsOf(index)).to.have.length(1);
  });

  it('copies the vega builds into assets/ and links them relatively in interactive mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimbench-site-i-'));
    await buildSite([FIXTURES.newer], { outDir: dir, interactive: true });
    for (const f of ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js', 'slimbench-interactive.js'])
      expect(existsSync(join(dir, 'assets', f)), f).to.equal(true);
    const page = readFileSync(join(dir, `${RUN}.html`), 'utf8');
    expect(page).to.contain('<script src="../../assets/vega.min.js"></script>');
    // Only XML namespaces and the spec's $schema name may look like URLs; nothing is fetched from them.
    expect(page).to.not.match(/https?:\/\/(?!vega\.github\.io\/schema|www\.w3\.org\/)/);
  });

  it('inlines scripts and downloads into one file per run in single-file mode, under 2 MB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimbench-site-s-'));
    const site = await buildSite([FIXTURES.newer], { outDir: dir, interactive: true, singleFile: true });
    const page = readFileSync(join(dir, `${RUN}.html`), 'utf8');
    expect(page).to.not.match(/<script src=/);
    expect(page).to.contain('href="data:text/csv;base64,');
    expect(existsSync(join(dir, 'assets'))).to.equal(false);
    expect(existsSync(join(dir, `${RUN}.csv`))).to.equal(false);
    for (const p of site.pages) expect(p.bytes, p.path).to.be.below(2_000_000);
  });

  it('skips stray JSON files found in folders with a warning, but rejects a bad file given by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimbench-site-d-'));
    mkdirSync(join(dir, 'suite'));
    copyFileSync(FIXTURES.newer, join(dir, 'suite', 'run.json'));
    writeFileSync(join(dir, 'suite', 'notes.json'), '{"hello": 1}');
    const warnings: string[] = [];
    expect(loadRecords([dir], warnings)).to.have.length(1);
    expect(warnings[0]).to.contain('notes.json');
    expect(inputError(() => loadRecords([join(dir, 'suite', 'notes.json')]), 'record-schema').message).to.match(
      /not a slimbench run record/,
    );
  });
});
