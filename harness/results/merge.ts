import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { staysInside, type CellRecord, type GateRecord, type RunRecord } from './record.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { fileRefsIn } from './file-ref.js';

/** A shard record and the file it came from (for messages). */
export interface ShardInput {
  path: string;
  record: RunRecord;
}

const planOf = (r: RunRecord) => r.run.plan;
const cacheOf = (r: RunRecord) => r.run.cache;

/** Every reason the shard records cannot be merged, one message each (empty when they can). */
export function mergeProblems(inputs: readonly ShardInput[]): string[] {
  if (inputs.length === 0) return ['no run records given; pass the records of every shard (results/<suite>/<run>.json)'];
  const problems: string[] = [];
  const [first] = inputs;
  const count = first.record.run.shard?.count;
  const seen = new Map<number, string>();
  for (const { path, record } of inputs) {
    const shard = record.run.shard;
    if (!shard) {
      problems.push(`${path}: not a shard record (run.shard is null); merge joins the records of 'slimbench run --shard i/n'`);
      continue;
    }
    if (record.suite.name !== first.record.suite.name || record.suite.hash !== first.record.suite.hash) {
      problems.push(`${path}: suite '${record.suite.name}' (hash ${record.suite.hash.slice(0, 12)}) differs from ${first.path}'s '${first.record.suite.name}' (${first.record.suite.hash.slice(0, 12)}); merge shards of one suite file`);
    }
    if (planOf(record)?.hash !== planOf(first.record)?.hash) problems.push(`${path}: planned cells differ from ${first.path}'s (other options such as --quick or --filter?); run every shard with the same options`);
    if (record.env.backend !== first.record.env.backend) problems.push(`${path}: backend ${record.env.backend} differs from ${first.path}'s ${first.record.env.backend}; numbers from different backends do not belong in one run`);
    if (shard.count !== count) problems.push(`${path}: shard ${shard.index}/${shard.count}, but ${first.path} is one of ${count}; merge shards of one split`);
    const other = seen.get(shard.index);
    if (other !== undefined) problems.push(`${path}: shard ${shard.index}/${shard.count} given twice (also ${other}); pass each shard once`);
    seen.set(shard.index, path);
  }
  if (count !== undefined) {
    for (let i = 1; i <= count; i++) {
      if (!seen.has(i)) problems.push(`shard ${i}/${count} is missing; run it with 'slimbench run <suite> --shard ${i}/${count}' and pass its record too`);
    }
  }
  if (problems.length > 0) return problems;
  const owner = new Map<string, string>();
  for (const { path, record } of inputs) {
    for (const cell of record.cells) {
      const other = owner.get(cell.id);
      if (other !== undefined) problems.push(`${path}: cell '${cell.id}' is also in ${other}; each cell belongs to one shard`);
      owner.set(cell.id, path);
    }
  }
  const missing = (planOf(first.record)?.ids ?? []).filter((id) => !owner.has(id));
  if (missing.length > 0) problems.push(`cells missing from every shard: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}; rerun the shard that lost them`);
  return problems;
}

/**
 * Joins the records of every shard of one run into one run record, with cells in plan order and
 * cache counts summed. Throws an InputError listing every problem (a missing or repeated shard,
 * records of different suites, plans or backends).
 */
export function mergeShards(inputs: readonly ShardInput[], runId: string): RunRecord {
  const problems = mergeProblems(inputs);
  if (problems.length > 0) throw new InputError(problems.join('\n'), 'merge-shards');
  const sorted = [...inputs].sort((a, b) => a.record.run.shard!.index - b.record.run.shard!.index);
  const first = sorted[0].record;
  const ids = planOf(first)?.ids ?? [];
  const position = new Map(ids.map((id, i) => [id, i]));
  const at = (c: CellRecord) => position.get(c.id) ?? Number.MAX_SAFE_INTEGER;
  const cells = sorted.flatMap((s) => s.record.cells).sort((a, b) => at(a) - at(b));
  const cellAt = new Map(cells.map((c, i) => [c.id, i]));
  const gates: GateRecord[] = sorted.flatMap((s) => s.record.gates).sort((a, b) => (cellAt.get(a.cell ?? '') ?? 0) - (cellAt.get(b.cell ?? '') ?? 0));
  const starts = sorted.map((s) => s.record.run.startedAt).sort();
  const ends = sorted.map((s) => s.record.run.finishedAt ?? s.record.run.startedAt).sort();
  const caches = sorted.map((s) => cacheOf(s.record)).filter((c) => c !== undefined);
  const { ids: _ids, ...plan } = planOf(first) ?? { cells: cells.length, hash: '' };
  return {
    ...first,
    run: {
      ...first.run,
      id: runId,
      startedAt: starts[0],
      finishedAt: ends[ends.length - 1],
      shard: null,
      plan,
      ...(caches.length ? { cache: { hits: caches.reduce((s, c) => s + c.hits, 0), misses: caches.reduce((s, c) => s + c.misses, 0) } } : {}),
      mergedFrom: sorted.map((s) => ({ id: s.record.run.id, shard: s.record.run.shard, gitSha: s.record.run.gitSha })),
    },
    cells,
    gates,
  };
}

/**
 * Copies the files a record refers to by path relative to its folder (`{file, sha256}` values of
 * its cells, at any depth, and of `dataset`, e.g. stored predictions) from `fromDir` to `toDir`, where missing.
 */
export function copyReferencedFiles(record: RunRecord, fromDir: string, toDir: string): void {
  if (resolve(fromDir) === resolve(toDir)) return;
  const holders: object[] = [...record.cells, ...(record.dataset ? [record.dataset] : [])];
  for (const holder of holders) {
    for (const file of fileRefsIn(holder)) {
      if (!staysInside(file)) {
        throw new InputError(`${fromDir}: a record there refers to the file '${file}', which is outside its folder; side files must sit below the record's folder (predictions/<sha256>.json) — pass records written by 'slimbench run'`, 'record-bad-ref');
      }
      const from = join(fromDir, file);
      const to = join(toDir, file);
      if (!existsSync(to) && existsSync(from)) writeFileAtomic(to, readFileSync(from));
    }
  }
}
