// Runs in the page: the interleaved protocol of measure/speed-protocol.ts for functions that return promises.
import { quantile } from '../../../measure/bootstrap.js';
import type { PairedTimes, ProtocolSettings } from '../../../measure/speed-protocol.js';

type Call = () => Promise<unknown>;

const WARMUP_CHUNK = 8;
const PATTERN = [true, false, false, true, false, true, true, false];
const MIRROR = PATTERN.map((x) => !x);

/** `warmUp` of speed-protocol.ts, awaiting each call: the same counts, time floor and settling rule. */
async function warmUpAsync(a: Call, b: Call, s: Pick<ProtocolSettings, 'warmupRounds' | 'warmupMs'>): Promise<void> {
  const t0 = performance.now();
  const pairMs: number[] = [];
  let prev = Infinity;
  for (;;) {
    for (let i = 0; i < WARMUP_CHUNK; i++) {
      const start = performance.now();
      await a();
      await b();
      pairMs.push(performance.now() - start);
    }
    const elapsed = performance.now() - t0;
    const latest = quantile(Float64Array.from(pairMs.slice(-WARMUP_CHUNK)).sort(), 0.5);
    const stable = latest >= 0.9 * prev;
    prev = latest;
    if (pairMs.length >= s.warmupRounds && elapsed >= s.warmupMs && (stable || elapsed >= 20 * s.warmupMs)) return;
  }
}

/**
 * `timeInterleaved` of speed-protocol.ts for async calls (onnxruntime-web's `session.run`):
 * after the warm-up, units of A B B A B A A B and its mirror in turn, each call awaited and
 * timed on its own, until both have `minRounds` calls and `minTimeMs` timed ms, or `maxRounds`.
 */
export async function timeInterleavedInPage(a: Call, b: Call, s: ProtocolSettings): Promise<PairedTimes> {
  await warmUpAsync(a, b, s);
  const ta: number[] = [];
  const tb: number[] = [];
  let sumA = 0;
  let sumB = 0;
  const times = new Float64Array(PATTERN.length);
  for (let unit = 0; ta.length < s.maxRounds && (ta.length < s.minRounds || Math.min(sumA, sumB) < s.minTimeMs); unit++) {
    const isA = unit % 2 === 0 ? PATTERN : MIRROR;
    for (let i = 0; i < isA.length; i++) {
      const f = isA[i] ? a : b;
      const start = performance.now();
      await f();
      times[i] = performance.now() - start;
    }
    for (let i = 0; i < isA.length; i++) {
      if (isA[i]) {
        ta.push(times[i]);
        sumA += times[i];
      } else {
        tb.push(times[i]);
        sumB += times[i];
      }
    }
  }
  return { a: Float64Array.from(ta), b: Float64Array.from(tb) };
}
