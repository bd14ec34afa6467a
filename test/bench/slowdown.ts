import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { compareRuns } from '../../harness/compare/compare.js';
import { resolveTolerances } from '../../harness/compare/settings.js';
import type { StoredRun } from '../../harness/compare/types.js';
import { readRecord } from '../../harness/results/store.js';
import { initBackend } from '../../harness/engine/backend.js';
import { CLI, ROOT } from '../helpers/paths.js';

const PAIRS = 10;
const SUITE = join(ROOT, 'suites/quickstart.yaml');

/** Multiply-adds of an MLP with these layer widths (input, hidden..., output). */
export function mlpMacs(widths: number[]): number {
  let macs = 0;
  for (let i = 1; i < widths.length; i++) macs += widths[i - 1] * widths[i];
  return macs;
}

/**
 * Hidden widths of the slower copies: `SLOWDOWN_HIDDEN=320,160` for one, or both defaults:
 * 308,128 (+20.05% multiply-adds) and 320,160 (about 20% lower throughput on tfjs-wasm, where
 * +20% multiply-adds is less than +20% time).
 */
function slowerHiddens(): number[][] {
  const env = process.env.SLOWDOWN_HIDDEN;
  return env
    ? [env.split(',').map(Number)]
    : [
        [308, 128],
        [320, 160],
      ];
}

/**
 * A copy of the quickstart suite whose original MLP is wider: by default its first hidden layer,
 * so that it does about 20% more multiply-adds (24-256-128-4 → 24-308-128-4: +20.05%). Same
 * name, data and variants, so its cells pair with a normal run's.
 */
function slowerSuite(dir: string, wider: number[]): { file: string; macsRatio: number; hidden: number[] } {
  const doc = parse(readFileSync(SUITE, 'utf8')) as { dataset: { file: string }; model: { settings: { hidden: number[] } } };
  const hidden = doc.model.settings.hidden;
  const macsRatio = mlpMacs([24, ...wider, 4]) / mlpMacs([24, ...hidden, 4]);
  doc.dataset.file = resolve(dirname(SUITE), doc.dataset.file);
  doc.model.settings.hidden = wider;
  const file = join(dir, 'quickstart.yaml');
  writeFileSync(file, stringify(doc));
  return { file, macsRatio, hidden };
}

/**
 * How much longer the wider original really takes than the quickstart's: both MLPs (fresh
 * weights; time does not depend on their values) predict a batch of 256 on tfjs-wasm in one
 * thread, interleaved, 15 rounds of 200 calls; the ratio of the medians. More multiply-adds
 * are not the same share more time: per-call and per-layer costs do not grow with them.
 */
async function timeRatio(hidden: number[], wider: number[]): Promise<number> {
  const tf = await import('@tensorflow/tfjs');
  await initBackend('wasm');
  const mlp = (h: number[]) => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [24], units: h[0], activation: 'relu' }));
    for (const u of h.slice(1)) m.add(tf.layers.dense({ units: u, activation: 'relu' }));
    m.add(tf.layers.dense({ units: 4, activation: 'softmax' }));
    return m;
  };
  const x = tf.randomNormal([256, 24]);
  const models = [mlp(hidden), mlp(wider)];
  const time = (m: (typeof models)[number]) => {
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) {
      const y = m.predict(x) as import('@tensorflow/tfjs').Tensor;
      y.dataSync();
      y.dispose();
    }
    return performance.now() - t0;
  };
  models.forEach(time);
  const runs: number[][] = [[], []];
  for (let r = 0; r < 15; r++) models.forEach((m, i) => runs[i].push(time(m)));
  const median = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];
  const ratio = median(runs[1]) / median(runs[0]);
  x.dispose();
  models.forEach((m) => m.dispose());
  return ratio;
}

function runOnce(suite: string, outDir: string, quick: boolean): StoredRun {
  const args = [CLI, 'run', suite, '--out', outDir, '--no-cache', '--json', ...(quick ? ['--quick'] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0 && r.status !== 1) throw new Error(`slimbench run exited ${r.status}:\n${r.stderr}`);
  const path = (JSON.parse(r.stdout.trim().split('\n').pop()!) as { records: string[] }).records[0];
  return { path, record: readRecord(path) };
}

/**
 * Detection rate of a real slowdown: ten times, the quickstart is run, then a copy whose
 * original is wider (20% more multiply-adds; and one with about 20% lower throughput), and the
 * second compared with the first as `compare` would against a baseline. A pair counts as found when the original cell's throughput is
 * `regressed`. The quick overrides are used unless `SLOWDOWN_FULL=1` (they change training,
 * not the speed protocol).
 */
export async function benchSlowdown(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const wider of slowerHiddens()) {
    const totals = await slowdownOf(wider);
    for (const [k, v] of Object.entries(totals)) out[`24-${wider.join('-')}-4.${k}`] = v;
  }
  return out;
}

/** The ten pairs against one slower copy (`wider`: its hidden widths). */
async function slowdownOf(wider: number[]): Promise<Record<string, number>> {
  const quick = process.env.SLOWDOWN_FULL !== '1';
  const { tolerances, source } = resolveTolerances(SUITE);
  const dir = mkdtempSync(join(tmpdir(), 'slimbench-slowdown-'));
  const { file, macsRatio, hidden } = slowerSuite(dir, wider);
  const timeRatioBare = await timeRatio(hidden, wider);
  const totals = { pairs: PAIRS, macsRatio, timeRatioBare, found: 0, noisy: 0, missed: 0, medianChange: 0, seconds: 0 };
  const changes: number[] = [];
  const t0 = performance.now();
  console.log(
    `slowdown: quickstart${quick ? ' (quick)' : ''} vs a copy with ${((macsRatio - 1) * 100).toFixed(1)}% more multiply-adds (24-${wider.join('-')}-4), which take ${((timeRatioBare - 1) * 100).toFixed(1)}% more time in a bare tfjs-wasm loop (throughput ${((1 / timeRatioBare - 1) * 100).toFixed(1)}%), ${PAIRS} pairs, tolerances from ${source}`,
  );
  for (let pair = 1; pair <= PAIRS; pair++) {
    const base = runOnce(SUITE, join(dir, `base-${pair}`), quick);
    const slow = runOnce(file, join(dir, `slow-${pair}`), quick);
    const c = compareRuns(slow, base, { tolerances, toleranceSource: source });
    const m = c.cells.find((cell) => cell.reference)?.metrics.find((x) => x.metric === 'throughput');
    const state = m?.state ?? 'skipped';
    if (state === 'regressed') totals.found++;
    else if (state === 'noisy') totals.noisy++;
    else totals.missed++;
    if (m) changes.push(m.change);
    console.log(
      `  pair ${pair}: original throughput ${m ? `${(m.change * 100).toFixed(1)}%` : 'not compared'} → ${state}${m?.note ? ` (${m.note})` : ''}`,
    );
  }
  changes.sort((a, b) => a - b);
  totals.medianChange = changes.length ? changes[Math.floor(changes.length / 2)] : 0;
  totals.seconds = (performance.now() - t0) / 1000;
  console.log(
    `slowdown: found in ${totals.found} of ${PAIRS} pairs (${totals.noisy} noisy, ${totals.missed} missed); median change ${(totals.medianChange * 100).toFixed(1)}%`,
  );
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchSlowdown()));
}
