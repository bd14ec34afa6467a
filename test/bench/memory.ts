import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecord } from '../../harness/results/store.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/paths.js';

const MIB = 1024 * 1024;

/**
 * Memory of a cold quickstart run on 2 workers: the process's peak resident set (targets: under
 * 1.5 GiB) and the most each worker thread held (its V8 heap plus external memory, which includes
 * the tfjs wasm heap; target: under 1 GiB), as the run record reports them.
 */
export async function benchMemory(): Promise<Record<string, number>> {
  const tmp = mkdtempSync(join(tmpdir(), 'slimbench-bench-memory-'));
  try {
    const r = await runCli(['run', join(ROOT, 'suites/quickstart.yaml'), '--out', tmp, '--no-cache', '--workers', '2', '--json']);
    if (r.code !== 0 && r.code !== 1) throw new Error(`quickstart run exited ${r.code}:\n${r.stderr}`);
    const path = (JSON.parse(r.stdout.trim().split('\n').pop()!) as { records: string[] }).records[0];
    const memory = readRecord(path).run.memory;
    if (!memory) throw new Error(`${path} has no run.memory figures`);
    const figures = {
      peakRssMiB: memory.peakRssBytes / MIB,
      workerPeakMiB: Math.max(0, ...memory.workerPeakBytes) / MIB,
      workers: memory.workerPeakBytes.length,
    };
    process.stdout.write(
      `quickstart (2 workers): peak RSS ${figures.peakRssMiB.toFixed(0)} MiB (target < 1536), ` +
        `largest worker ${figures.workerPeakMiB.toFixed(0)} MiB (target < 1024) over ${figures.workers} workers\n`,
    );
    return figures;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
