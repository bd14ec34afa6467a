import type { BackendChoice } from '../engine/backend.js';
import { WorkerPool } from '../engine/pool.js';
import { CellExecutor, type CellResult, type CellTask } from './executor.js';
import type { CellWorkerData } from './worker.js';

/** Runs cell tasks somewhere: in this thread, or on a pool of worker threads. */
export interface TaskRunner {
  run(task: CellTask): Promise<CellResult>;
  close(): Promise<void>;
  /** Most bytes each worker thread held (empty when tasks run in this thread). */
  workerPeakBytes(): number[];
}

/** Callbacks of a task runner. */
export interface TaskEvents {
  /** A task starts executing (not when it is queued). */
  onStart(task: CellTask): void;
  log(message: string): void;
}

/** Runs tasks one at a time in this thread (`--workers 1`). */
export function localRunner(events: TaskEvents): TaskRunner {
  const executor = new CellExecutor();
  let chain: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const p = chain.then(() => {
        events.onStart(task);
        return executor.execute(task, events.log);
      });
      chain = p.catch(() => undefined);
      return p;
    },
    async close() {
      await chain;
      executor.dispose();
    },
    workerPeakBytes: () => [],
  };
}

/**
 * Runs tasks on `size` worker threads, each with its own tfjs instance on `backend`. A worker
 * that dies fails the task it was running; the pool replaces it.
 */
export function poolRunner(size: number, backend: BackendChoice, events: TaskEvents): TaskRunner {
  const pool = new WorkerPool<CellTask, CellResult>({
    size,
    script: new URL('./worker.js', import.meta.url),
    workerData: { backend } satisfies CellWorkerData,
    onLog: events.log,
    onDispatch: (task) => events.onStart(task as CellTask),
  });
  return { run: (task) => pool.run(task), close: () => pool.close(), workerPeakBytes: () => pool.workerPeakBytes() };
}
