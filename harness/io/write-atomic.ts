import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';

let writes = 0;

/**
 * Writes `data` to `path` atomically: a temp file in the same folder, then a rename. The temp name
 * is unique per process, worker thread and call, so threads writing the same file never share one.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${threadId}-${writes++}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
