import type { ProtocolSettings } from '../../../measure/speed-protocol.js';

/** A model loaded in the page: its handle there and its load time. */
export interface PageLoad {
  id: number;
  loadMs: number;
}

/** Per-call times (ms) of an interleaved pair timed in the page, as plain arrays. */
export interface PagePairedTimes {
  a: number[];
  b: number[];
}

/**
 * What a benchmark page exposes as `globalThis.slimbench` once its module has run; rows and
 * probabilities cross as base64 of Float32Array bytes.
 */
export interface PageApi {
  /** Fetches, compiles and runs once (on a zero row) the model at `url`. */
  load(url: string, inputShape: number[]): Promise<PageLoad>;
  predict(id: number, rows: string, batch: number): Promise<string>;
  /** Times models `a` and `b` on one batch with the interleaved protocol, inside the page. */
  timePair(a: number, b: number, rows: string, batch: number, protocol: ProtocolSettings): Promise<PagePairedTimes>;
  dispose(id: number): Promise<void>;
}

/** Publishes the page's API for the host's `page.evaluate` calls. */
export function publish(api: PageApi): void {
  (globalThis as unknown as { slimbench: PageApi }).slimbench = api;
}
