// Runs in the page: what both benchmark pages share (model handles, load time, the timing protocol, the message protocol).
import { matmulProbe } from '../../../engine/calibrate.js';
import { timeInterleaved, timeInterleavedAsync, type PairedTimes, type ProtocolSettings } from '../../../measure/speed-protocol.js';
import { plainTimes, publish } from './api.js';
import { decodeFloats, encodeFloats } from './codec.js';

/** The parts of a page's library that are not shared: loading, running and releasing a model `M` on inputs `I`. */
interface EngineBase<M, I> {
  /** Fetches and compiles the model at `url` and runs it once on a zero row (all inside its load time). */
  open(url: string, inputShape: number[]): Promise<M>;
  /** The input `run` takes for `batch` rows, made once before the calls that use it. */
  input(rows: Float32Array, batch: number, inputShape: number[]): I;
  /** Frees what `input` made. */
  release(input: I): void;
  close(model: M): void | Promise<void>;
}

/**
 * A page's library: `run` is one inference with the read-back of its output, the call that is
 * timed; synchronous (`sync: true`, timed by {@link timeInterleaved}) or awaited.
 */
export type PageEngine<M, I> = EngineBase<M, I> &
  ({ sync: true; run(model: M, input: I): Float32Array } | { sync: false; run(model: M, input: I): Promise<Float32Array> });

interface Entry<M> {
  model: M;
  inputShape: number[];
}

/**
 * Publishes the page API of `engine`: models held by numeric handle, a load timed from the fetch
 * to the end of the first inference, predictions as base64 rows, and the interleaved timing of a
 * pair of models (with the matmul calibration probe when asked) run inside the page.
 */
export function publishEngine<M, I>(engine: PageEngine<M, I>): void {
  const models = new Map<number, Entry<M>>();
  let nextId = 1;
  const entry = (id: number): Entry<M> => {
    const e = models.get(id);
    if (!e) throw new Error(`no model ${id} in the page (disposed?)`);
    return e;
  };
  const time = (ma: M, mb: M, x: I, protocol: ProtocolSettings, probe?: () => void): PairedTimes | Promise<PairedTimes> => {
    if (engine.sync) {
      const run = engine.run;
      return timeInterleaved(
        () => void run(ma, x),
        () => void run(mb, x),
        protocol,
        probe,
      );
    }
    const run = engine.run;
    return timeInterleavedAsync(
      () => run(ma, x),
      () => run(mb, x),
      protocol,
      probe,
    );
  };

  publish({
    async load(url, inputShape) {
      const t0 = performance.now();
      const model = await engine.open(url, inputShape);
      const loadMs = performance.now() - t0;
      const id = nextId++;
      models.set(id, { model, inputShape });
      return { id, loadMs };
    },
    async predict(id, rows, batch) {
      const { model, inputShape } = entry(id);
      const x = engine.input(decodeFloats(rows), batch, inputShape);
      try {
        return encodeFloats(await engine.run(model, x));
      } finally {
        engine.release(x);
      }
    },
    async timePair(a, b, rows, batch, protocol, withProbe) {
      const ea = entry(a);
      const eb = entry(b);
      const x = engine.input(decodeFloats(rows), batch, ea.inputShape);
      const probe = withProbe ? matmulProbe() : undefined;
      try {
        return plainTimes(await time(ea.model, eb.model, x, protocol, probe?.call));
      } finally {
        engine.release(x);
        probe?.dispose();
      }
    },
    async dispose(id) {
      const e = models.get(id);
      if (e) await engine.close(e.model);
      models.delete(id);
    },
  });
}
