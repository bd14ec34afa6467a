import type { PairedTimes, ProtocolSettings } from '../../../measure/speed-protocol.js';

/** How the ONNX page says a session could not be created (the file is not a model onnxruntime takes). */
export const CREATE_FAILED = 'onnxruntime-web cannot create a session';

/** A model loaded in the page: its handle there and its load time. */
export interface PageLoad {
  id: number;
  loadMs: number;
}

/** Per-call times (ms) of an interleaved pair timed in the page, as plain arrays. */
export interface PagePairedTimes {
  a: number[];
  b: number[];
  /** Times of the page's calibration probe, one after each unit (when asked for). */
  probe?: number[];
}

/**
 * What a benchmark page exposes as `globalThis.slimbench` once its module has run; rows and
 * probabilities cross as base64 of Float32Array bytes.
 */
export interface PageApi {
  /** Fetches, compiles and runs once (on a zero row) the model at `url`. */
  load(url: string, inputShape: number[]): Promise<PageLoad>;
  predict(id: number, rows: string, batch: number): Promise<string>;
  /**
   * Times models `a` and `b` on one batch with the interleaved protocol, inside the page; with
   * `probe`, the harness's matmul calibration probe is timed after each unit, in the page too.
   */
  timePair(a: number, b: number, rows: string, batch: number, protocol: ProtocolSettings, probe: boolean): Promise<PagePairedTimes>;
  dispose(id: number): Promise<void>;
}

/** Publishes the page's API for the host's `page.evaluate` calls. */
export function publish(api: PageApi): void {
  (globalThis as unknown as { slimbench: PageApi }).slimbench = api;
}

/** Paired times as plain arrays, for the trip back to the host. */
export function plainTimes(t: PairedTimes): PagePairedTimes {
  return { a: Array.from(t.a), b: Array.from(t.b), ...(t.probe ? { probe: Array.from(t.probe) } : {}) };
}
