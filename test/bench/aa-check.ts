import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareRuns } from '../../harness/compare/compare.js';
import { resolveTolerances } from '../../harness/compare/settings.js';
import type { StoredRun } from '../../harness/compare/types.js';
import { readRecord } from '../../harness/results/store.js';
import { CLI, ROOT } from '../helpers/paths.js';

const REPETITIONS = 5;
const SUITE = join(ROOT, 'suites/quickstart.yaml');

/** One fresh (uncached) run of the quickstart suite through the CLI, as CI runs it. */
function runOnce(outDir: string, quick: boolean): StoredRun {
  const args = [
    CLI,
    'run',
    SUITE,
    '--out',
    outDir,
    '--no-cache',
    '--cache-dir',
    join(outDir, 'cache'),
    '--json',
    ...(quick ? ['--quick'] : []),
  ];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: ROOT });
  // 1: a gate failed (the suite's high-sparsity cells are meant to fail it); the record is written.
  if (r.status !== 0 && r.status !== 1) throw new Error(`slimbench run exited ${r.status}:\n${r.stderr}`);
  const path = (JSON.parse(r.stdout.trim().split('\n').pop()!) as { records: string[] }).records[0];
  return { path, record: readRecord(path) };
}

/**
 * A/A check of the regression verdict: the quickstart suite is run twice on this machine and
 * the second run compared with the first, five times over. Any `regressed` cell is a false
 * alarm. `AA_QUICK=1` uses the quick overrides. Prints each repetition's states.
 */
export async function benchAaCheck(): Promise<Record<string, number>> {
  const quick = process.env.AA_QUICK === '1';
  const { tolerances, source } = resolveTolerances(SUITE);
  const totals = {
    repetitions: REPETITIONS,
    cellsCompared: 0,
    regressed: 0,
    noisy: 0,
    improved: 0,
    pass: 0,
    maxAbsSpeedupChange: 0,
    seconds: 0,
  };
  const t0 = performance.now();
  console.log(`aa-check: quickstart${quick ? ' (quick)' : ''}, ${REPETITIONS} repetitions, tolerances from ${source}`);
  for (let rep = 1; rep <= REPETITIONS; rep++) {
    const dir = mkdtempSync(join(tmpdir(), 'slimbench-aa-'));
    const a = runOnce(join(dir, 'a'), quick);
    const b = runOnce(join(dir, 'b'), quick);
    const c = compareRuns(b, a, { tolerances, toleranceSource: source });
    totals.cellsCompared += c.cells.length;
    for (const s of ['regressed', 'noisy', 'improved', 'pass'] as const) totals[s] += c.counts[s];
    for (const cell of c.cells) {
      for (const m of cell.metrics)
        if (m.metric === 'speedup') totals.maxAbsSpeedupChange = Math.max(totals.maxAbsSpeedupChange, Math.abs(m.change));
    }
    const detail = c.cells.map(
      (cell) =>
        `${cell.id}=${cell.state}${
          cell.state !== 'pass'
            ? ` [${cell.metrics
                .filter((m) => m.state !== 'pass' && m.state !== 'skipped')
                .map((m) => `${m.metric} ${(m.change * 100).toFixed(1)}%`)
                .join(', ')}]`
            : ''
        }`,
    );
    console.log(`  repetition ${rep}: ${c.counts.regressed} regressed, ${c.counts.noisy} noisy — ${detail.join('; ')}`);
  }
  totals.seconds = (performance.now() - t0) / 1000;
  console.log(`aa-check: ${totals.regressed} false regressions in ${totals.cellsCompared} cell comparisons`);
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchAaCheck();
  console.log(JSON.stringify(r));
  process.exitCode = r.regressed === 0 ? 0 : 1;
}
