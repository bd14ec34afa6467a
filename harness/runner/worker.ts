import type { BackendChoice } from '../engine/backend.js';
import { initBackend } from '../models/backend.js';
import { serveTasks } from '../engine/pool-worker.js';
import { CellExecutor, type CellResult, type CellTask } from './executor.js';

/** `workerData` of a cell worker: the backend the main thread resolved. */
export interface CellWorkerData {
  backend: BackendChoice;
}

const executor = new CellExecutor();
let ready: Promise<string> | undefined;

// One tfjs instance per worker thread: each worker initialises its own backend once.
serveTasks<CellTask, CellResult>(async (task, log, data) => {
  ready ??= initBackend((data as CellWorkerData).backend, log);
  await ready;
  return executor.execute(task, log);
});
