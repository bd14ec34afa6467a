import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rerunFilters, type Rerun } from '../compare/confirm.js';
import type { StoredRun } from '../compare/types.js';
import { BACKENDS, type BackendChoice } from '../engine/backend.js';
import type { RunRecord } from '../results/record.js';
import { runSuite } from '../runner/run-suite.js';
import { runLlmSuite } from '../runner/llm-run.js';
import { loadAnySuite } from '../suite/any-suite.js';

/**
 * The real rerun: loads the suite file the record names and runs only the suspected cells with
 * the runner's filter, in the record's mode (quick or full) and backend, into a temporary folder,
 * on one worker: a cell timed while another worker computes can read much slower than it is
 * (shared caches and memory bandwidth), so the confirming timing is taken alone.
 */
export function runnerRerun(record: RunRecord, log: (m: string) => void): Rerun {
  return async (ids) => {
    const suite = loadAnySuite(record.suite.file);
    if (suite.hash !== record.suite.hash) log(`confirm: ${record.suite.file} changed since the run; rerunning it as it is now`);
    const outDir = mkdtempSync(join(tmpdir(), 'slimbench-confirm-'));
    const backend = (BACKENDS as readonly string[]).includes(record.env.backend) ? (record.env.backend as BackendChoice) : 'auto';
    const variantOf = (id: string) => record.cells.find((c) => c.id === id)?.variant ?? id;
    let first: StoredRun | undefined;
    const cells = new Map<string, RunRecord['cells'][number]>();
    for (const filter of rerunFilters(ids, variantOf)) {
      // A fresh measurement: the cache would hand back the suspected numbers unchanged.
      const opts = {
        outDir,
        quick: Boolean(record.run.quick),
        backend,
        filter,
        cache: false,
        cacheDir: join(outDir, 'cache'),
        workers: 1,
        log,
      };
      const out = suite.kind === 'llm' ? await runLlmSuite(suite, opts) : await runSuite(suite, opts);
      first ??= out;
      for (const c of out.record.cells) if (c.reference ? !cells.has(c.id) : ids.includes(c.id)) cells.set(c.id, c);
    }
    return { path: first!.path, record: { ...first!.record, cells: [...cells.values()] } };
  };
}
