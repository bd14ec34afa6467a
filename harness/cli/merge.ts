import type { Argv } from 'yargs';
import { dirname } from 'node:path';
import { aggregateSeeds } from '../measure/aggregate.js';
import { copyReferencedFiles, mergeShards } from '../results/merge.js';
import { readRecord, recordPath, writeRecord } from '../results/store.js';
import { newRunId } from '../runner/env.js';
import { handle, progress } from './handle.js';

/** `slimbench merge RUN.json... [--out FILE]` */
export function mergeCommand(y: Argv): Argv {
  return y.command(
    'merge <records..>',
    "join the run records of every shard of a run ('run --shard i/n') into one run record",
    (a) =>
      a
        .positional('records', { type: 'string', array: true, demandOption: true, describe: 'shard run records' })
        .option('out', { type: 'string', describe: 'file of the merged record (default: results/<suite>/<new run id>.json)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the merged record path as JSON on stdout' }),
    (args) =>
      handle(async () => {
        const inputs = (args.records as string[]).map((path) => ({ path, record: readRecord(path) }));
        const merged = mergeShards(inputs, newRunId());
        // Aggregates over seeds were computed per shard; recompute them over every shard's cells.
        const seeds = new Set(merged.cells.filter((c) => c.status === 'ok').map((c) => c.seed));
        const level = merged.run.ciLevel ?? 0.95;
        if (seeds.size > 1) merged.aggregates = aggregateSeeds(merged.cells, level);
        const slug = merged.suite.name.replace(/[^A-Za-z0-9._-]+/g, '_');
        const out = args.out ?? recordPath('results', slug, merged.run.id);
        for (const { path, record } of inputs) copyReferencedFiles(record, dirname(path), dirname(out));
        const path = writeRecord(out, merged);
        progress(`merged ${inputs.length} shards of ${merged.suite.name} (${merged.cells.length} cells) into ${path}`);
        if (args.json) process.stdout.write(`${JSON.stringify({ record: path })}\n`);
      }),
  );
}
