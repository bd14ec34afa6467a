import { serveTasks } from '../../harness/engine/pool-worker.js';
import { InputError } from '../../harness/errors.js';

/** A task of the pool tests: what the worker should do. */
export type TestTask =
  | { kind: 'square'; n: number; delayMs?: number }
  | { kind: 'throw' }
  | { kind: 'bad-input' }
  | { kind: 'exit' }
  | { kind: 'log'; text: string }
  | { kind: 'oom' };

serveTasks<TestTask, number>(async (task, log) => {
  if (task.kind === 'square') {
    if (task.delayMs) await new Promise((r) => setTimeout(r, task.delayMs));
    return task.n * task.n;
  }
  if (task.kind === 'throw') throw new RangeError('bad task');
  if (task.kind === 'bad-input') throw new InputError('lowrank: rank 50 exceeds every layer; use rank in 1..8', 'lowrank-rank-too-large');
  if (task.kind === 'log') {
    log(task.text);
    return 0;
  }
  if (task.kind === 'oom') {
    const hog: number[][] = [];
    for (;;) hog.push(Array.from({ length: 1e5 }, (_, i) => i * 1.5));
  }
  process.exit(7);
});
