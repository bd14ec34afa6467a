import { parentPort, workerData } from 'node:worker_threads';

/** A message from a pool worker about task `id`. */
export type PoolReply<R> =
  | { id: number; type: 'log'; message: string }
  | { id: number; type: 'done'; result: R; memoryBytes: number }
  | { id: number; type: 'error'; name: string; message: string; stack?: string; code?: string; memoryBytes: number };

/** Bytes this worker's isolate holds: V8 heap plus external memory (array buffers, wasm heaps). */
function isolateBytes(): number {
  const m = process.memoryUsage();
  return m.heapTotal + m.external;
}

/**
 * The worker side of a {@link WorkerPool}: runs `handler` for every task the pool sends, one at a
 * time, and replies with its result or its error. `log` sends a progress line to the pool.
 */
export function serveTasks<T, R>(handler: (task: T, log: (message: string) => void, data: unknown) => Promise<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs inside a worker thread');
  let chain = Promise.resolve();
  port.on('message', ({ id, task }: { id: number; task: T }) => {
    chain = chain.then(async () => {
      const log = (message: string) => port.postMessage({ id, type: 'log', message } satisfies PoolReply<R>);
      try {
        const result = await handler(task, log, workerData);
        port.postMessage({ id, type: 'done', result, memoryBytes: isolateBytes() } satisfies PoolReply<R>);
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        // A stable error code (an InputError's) crosses the thread boundary with the name.
        const code = (e as { code?: unknown }).code;
        port.postMessage({
          id,
          type: 'error',
          name: e.name,
          message: e.message,
          stack: e.stack,
          ...(typeof code === 'string' ? { code } : {}),
          memoryBytes: isolateBytes(),
        } satisfies PoolReply<R>);
      }
    });
  });
}
