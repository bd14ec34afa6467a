import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildSite } from '../../harness/report/site.js';
import { readRecord } from '../../harness/results/store.js';
import { ROOT } from '../helpers/paths.js';
import { FIXTURES, HOSTILE_SUITE } from '../report/helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const RUN = 'runs/_script_alert_1_script_/2026-02-02T10-00-00Z-bbbb.html';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.png': 'image/png',
};
/** Where the screenshots go (git-ignored). */
const SHOTS = join(ROOT, 'reports', 'screenshots');

/** A static file server for `root` on 127.0.0.1 (no directory listing, nothing outside `root`). */
function serve(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(root + sep) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

const HOSTILE_ITEM = '<img src=x onerror=alert(1)> where is the football ?';

/**
 * The newer fixture with what a run with controls records: a control cell and a variant's
 * paired difference from it, per-class tests, KL and total variation, and forgotten exemplars
 * whose items are a 28 x 28 image and a hostile story text. Written beside the site; returns its path.
 */
function fairFixture(root: string): string {
  const r = readRecord(FIXTURES.newer);
  const est = (value: number) => ({ value, ci: [value - 0.01, value + 0.01] as [number, number] });
  const pruned = r.cells.find((c) => c.id === 'pruned[sparsity=0.5]')!;
  r.cells.splice(1, 0, {
    ...r.cells[0],
    id: 'control[fineTune=5]',
    variant: 'control',
    method: 'fine-tune',
    reference: false,
    role: 'control',
  });
  Object.assign(pruned, {
    controls: ['control[fineTune=5]'],
    vsControl: {
      control: 'control[fineTune=5]',
      kind: 'fine-tune',
      mcnemarP: 0.04,
      flips: { rightToWrong: 7, wrongToRight: 2 },
      accuracy: est(-0.02),
    },
    kl: est(0.05),
    tv: est(0.04),
    forgetting: {
      fdr: 0.05,
      lost: [1],
      classes: [0, 1, 2].map((k) => ({
        class: k,
        support: 30,
        original: 0.9,
        variant: k === 1 ? 0.6 : 0.9,
        change: k === 1 ? -0.3 : 0,
        rightToWrong: k === 1 ? 9 : 0,
        wrongToRight: 0,
        p: k === 1 ? 0.004 : 1,
        q: k === 1 ? 0.012 : 1,
        lost: k === 1,
      })),
    },
  });
  pruned.vsControls = { 'control[fineTune=5]': pruned.vsControl! };
  r.forgotten = {
    shown: 24,
    variants: [
      {
        variant: 'pruned',
        cells: ['pruned[sparsity=0.5]', 'pruned[sparsity=0.8]'],
        total: 3,
        items: [3, 8, 11].map((row) => ({ row, label: 1, forgotten: 2, of: 2, predicted: 0 })),
      },
    ],
    items: {
      '3': { kind: 'image', width: 28, height: 28, pixels: Array.from({ length: 784 }, (_, i) => (i % 28 > 10 && i % 28 < 16 ? 255 : 0)) },
      '8': { kind: 'text', text: HOSTILE_ITEM },
      '11': {
        kind: 'values',
        values: [
          { name: 'S1', value: 0.5 },
          { name: 'S2', value: -1.25 },
        ],
      },
    },
  };
  const path = join(root, 'fair.json');
  writeFileSync(path, JSON.stringify(r));
  return path;
}

/** What a page did while it loaded: console errors, uncaught errors, dialogs and requests. */
interface Watch {
  errors: string[];
  requests: string[];
  dialogs: string[];
}

async function open(browser: Browser, url: string): Promise<{ page: Page; watch: Watch }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const watch: Watch = { errors: [], requests: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') watch.errors.push(m.text());
  });
  page.on('pageerror', (e) => watch.errors.push(e.message));
  page.on('request', (r) => watch.requests.push(r.url()));
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, watch };
}

describe('report pages in a real browser (headless Chromium)', function () {
  this.timeout(180_000);
  let browser: Browser | undefined;
  let server: Server | undefined;
  let origin = '';

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} not found: CI must install it (.ci/install-browser.sh)`);
      this.skip();
    }
    const root = mkdtempSync(join(tmpdir(), 'slimbench-browser-'));
    await buildSite([FIXTURES.newer, FIXTURES.older], { outDir: join(root, 'static') });
    await buildSite([FIXTURES.newer, FIXTURES.older], { outDir: join(root, 'interactive'), interactive: true });
    await buildSite([fairFixture(root)], { outDir: join(root, 'fair') });
    ({ server, origin } = await serve(root));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  /** Asserts a page loaded cleanly: no errors, no dialogs, nothing requested outside the site. */
  function clean(watch: Watch): void {
    expect(watch.errors, 'console errors').to.deep.equal([]);
    expect(watch.dialogs, 'dialogs').to.deep.equal([]);
    expect(
      watch.requests.filter((u) => !u.startsWith(`${origin}/`)),
      'requests outside the site',
    ).to.deep.equal([]);
  }

  it('shows a static run page with every chart visible, no errors and no outside requests', async () => {
    const { page, watch } = await open(browser!, `${origin}/static/${RUN}`);
    const boxes = await page
      .locator('figure.chart svg')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.width, r.height]));
    expect(boxes).to.have.length(8);
    for (const [w, h] of boxes) expect(w * h).to.be.greaterThan(10_000);
    expect(await page.locator('figure.chart').first().isVisible()).to.equal(true);
    await page.screenshot({ path: join(SHOTS, 'run-page.png'), fullPage: true });
    clean(watch);
    await page.close();
  });

  it('shows the hostile suite name as text', async () => {
    const { page, watch } = await open(browser!, `${origin}/static/${RUN}`);
    expect(await page.locator('h1').textContent()).to.equal(HOSTILE_SUITE);
    expect(await page.title()).to.contain(HOSTILE_SUITE);
    expect(await page.locator('img').count()).to.equal(0);
    clean(watch);
    await page.close();
  });

  it('offers a CSV download that fetches and parses to one row per cell', async () => {
    const { page, watch } = await open(browser!, `${origin}/static/${RUN}`);
    const link = page.locator('a[data-download="csv"]');
    expect(await link.getAttribute('download')).to.equal('2026-02-02T10-00-00Z-bbbb.csv');
    const text = await link.evaluate(async (a) => (await fetch((a as unknown as { href: string }).href)).text());
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).to.have.length(11);
    expect(rows[0].cell).to.equal('original');
    expect(rows.find((r) => r.status === 'failed')!.error).to.contain('onerror=alert(1)');
    clean(watch);
    await page.close();
  });

  it('shows the index with the suite, its verdict and its history chart', async () => {
    const { page, watch } = await open(browser!, `${origin}/static/index.html`);
    expect(await page.locator('#suites tbody th a').textContent()).to.equal(HOSTILE_SUITE);
    expect(await page.locator('#suites .verdict-cell').textContent()).to.match(/^quantized\[bits=8\]: 4\.00x smaller gzip/);
    const box = await page.locator('figure.chart svg').boundingBox();
    expect(box!.width * box!.height).to.be.greaterThan(10_000);
    await page.screenshot({ path: join(SHOTS, 'index.png'), fullPage: true });
    clean(watch);
    await page.close();
  });

  it('turns every chart interactive with vega-embed from the site’s own assets, with tooltips', async () => {
    const { page, watch } = await open(browser!, `${origin}/interactive/${RUN}`);
    await page.waitForFunction("document.querySelectorAll('figure.chart.is-interactive').length === 8", undefined, { timeout: 60_000 });
    const boxes = await page
      .locator('figure.chart .chart-live svg.marks')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    expect(boxes).to.have.length(8);
    for (const w of boxes) expect(w).to.be.greaterThan(100);
    const point = page.locator('#c-pareto path[aria-roledescription="point"]').first();
    await point.hover({ force: true });
    await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 10_000 });
    expect(await page.locator('#vg-tooltip-element').textContent()).to.contain('cell');
    await page.screenshot({ path: join(SHOTS, 'run-page-interactive.png'), fullPage: true });
    clean(watch);
    expect(watch.requests.some((u) => u.endsWith('/interactive/assets/vega-embed.min.js'))).to.equal(true);
    await page.close();
  });

  it('shows what compression forgets: per-class tests, divergences, exemplars as an image and as escaped text, and their download', async () => {
    const { page, watch } = await open(browser!, `${origin}/fair/${RUN}`);
    const section = page.locator('#forgetting');
    expect(await section.isVisible()).to.equal(true);
    expect(await section.locator('table.forgetting tbody tr').first().textContent()).to.contain('0.0500 [0.0400, 0.0600]');
    expect(await section.textContent()).to.contain('dog <b> -30.00 pts (q 0.012)');
    const img = section.locator('.exemplar img');
    expect(await img.count()).to.equal(1);
    expect(
      await img.evaluate((e) => [
        (e as unknown as { naturalWidth: number }).naturalWidth,
        (e as unknown as { naturalHeight: number }).naturalHeight,
      ]),
    ).to.deep.equal([56, 56]);
    expect(await section.locator('.exemplar .item-text').allTextContents()).to.deep.equal([HOSTILE_ITEM, 'S1=0.5, S2=-1.25']);
    const text = await section
      .locator('a[data-download="forgotten-csv"]')
      .evaluate(async (a) => (await fetch((a as unknown as { href: string }).href)).text());
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row['test row'])).to.deep.equal(['3', '8', '11']);
    expect(rows[1].item).to.equal(HOSTILE_ITEM);
    await page.screenshot({ path: join(SHOTS, 'run-page-forgetting.png'), fullPage: true });
    clean(watch);
    await page.close();
  });

  it('shows the difference from the control beside the difference from the original', async () => {
    const { page, watch } = await open(browser!, `${origin}/fair/${RUN}`);
    const heads = await page.locator('table thead th[scope="col"]').allTextContents();
    expect(heads).to.include.members(['Δ accuracy vs original (pts)', 'Δ accuracy vs control (pts)']);
    expect(await page.locator('#controls-h').isVisible()).to.equal(true);
    expect(await page.locator('ul.controls').textContent()).to.contain('vs that control -2.00 pts [-3.00, -1.00], McNemar p 0.0400');
    clean(watch);
    await page.close();
  });
});
