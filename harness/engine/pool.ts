import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import type { PoolReply } from './pool-worker.js';

/** Options of a {@link WorkerPool}. */
export interface PoolOptions {
  /** Number of worker threads. */
  size: number;
  /** The worker script (it calls `serveTasks`). */
  script: URL;
  /** Passed to every worker as `workerData`. */
  workerData?: unknown;
  /** Log lines a task sends while it runs. */
  onLog?(message: string): void;
  /** A task is handed to a worker (it starts now, rather than when it was queued). */
  onDispatch?(task: unknown): void;
  resourceLimits?: ResourceLimits;
}

/** An error thrown inside a worker, or the crash of the worker itself. */
export class WorkerTaskError extends Error {
  constructor(
    message: string,
    readonly remoteName: string,
    readonly remoteStack: string | undefined,
    /** True when the worker died (exit, out of memory) rather than the task throwing. */
    readonly crashed: boolean,
    /** The stable code of the error thrown inside the worker (an InputError's), when it had one. */
    readonly remoteCode?: string,
  ) {
    super(message);
    this.name = 'WorkerTaskError';
    if (remoteStack) this.stack = remoteStack;
  }
}

interface Job<T, R> {
  id: number;
  task: T;
  transfer?: readonly TransferListItem[];
  resolve(result: R): void;
  reject(err: Error): void;
}

interface Slot<T, R> {
  worker: Worker;
  job?: Job<T, R>;
  /** Most bytes the worker's isolate held after any of its tasks. */
  peakBytes: number;
}

/**
 * A fixed-size pool of worker threads running independent tasks, one at a time per worker, in
 * submission order. A task that throws rejects its promise; a worker that dies (process.exit,
 * out of memory, an uncaught error) rejects only the task it was running and is replaced.
 */
export class WorkerPool<T, R> {
  private readonly slots: Slot<T, R>[] = [];
  private readonly queue: Job<T, R>[] = [];
  private nextId = 0;
  private closed = false;
  private readonly retiredPeaks: number[] = [];

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < Math.max(1, opts.size); i++) this.slots.push(this.spawn());
  }

  /** Runs `task` on the next free worker. */
  run(task: T, transfer?: readonly TransferListItem[]): Promise<R> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, transfer, resolve, reject });
      this.dispatch();
    });
  }

  /** Most bytes each worker's isolate held after a task (V8 heap + external, incl. wasm heaps), replaced workers included. */
  workerPeakBytes(): number[] {
    return [...this.slots.map((s) => s.peakBytes), ...this.retiredPeaks];
  }

  /** Stops every worker; tasks still queued or running are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the worker pool was closed'));
    await Promise.all(
      this.slots.map(async (slot) => {
        slot.job?.reject(new Error('the worker pool was closed'));
        slot.job = undefined;
        await slot.worker.terminate();
      }),
    );
  }

  private spawn(): Slot<T, R> {
    const worker = new Worker(this.opts.script, { workerData: this.opts.workerData, resourceLimits: this.opts.resourceLimits });
    const slot: Slot<T, R> = { worker, peakBytes: 0 };
    worker.on('message', (msg: PoolReply<R>) => this.onReply(slot, msg));
    worker.on('error', (err) => this.onDeath(slot, `worker thread crashed: ${err.message}`, err.stack));
    worker.on('exit', (code) =>
      this.onDeath(slot, `worker thread exited with code ${code} while running this task (process.exit or a fatal error inside the task)`),
    );
    return slot;
  }

  private onReply(slot: Slot<T, R>, msg: PoolReply<R>): void {
    const job = slot.job;
    if (!job || msg.id !== job.id) return;
    if (msg.type === 'log') {
      this.opts.onLog?.(msg.message);
      return;
    }
    slot.job = undefined;
    slot.peakBytes = Math.max(slot.peakBytes, msg.memoryBytes);
    if (msg.type === 'done') job.resolve(msg.result);
    else job.reject(new WorkerTaskError(msg.message, msg.name, msg.stack, false, msg.code));
    // Let the caller see this task end before the next one starts (progress shows what runs).
    setImmediate(() => this.dispatch());
  }

  private onDeath(slot: Slot<T, R>, message: string, stack?: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    const job = slot.job;
    slot.job = undefined;
    this.slots.splice(index, 1);
    if (slot.peakBytes > 0) this.retiredPeaks.push(slot.peakBytes);
    void slot.worker.terminate();
    job?.reject(new WorkerTaskError(message, 'WorkerCrash', stack, true));
    if (!this.closed) {
      this.slots.push(this.spawn());
      this.dispatch();
    }
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      this.opts.onDispatch?.(job.task);
      slot.worker.postMessage({ id: job.id, task: job.task }, job.transfer as TransferListItem[] | undefined);
    }
  }
}
