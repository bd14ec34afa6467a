import { Rng } from '../data/random.js';
import { percentileInterval, quantile, type Estimate } from './bootstrap.js';

/** How long to warm up and how much to time (one phase of the speed protocol). */
export interface ProtocolSettings {
  /** Untimed calls of each function before timing, at least this many ... */
  warmupRounds: number;
  /** ... and at least this many milliseconds in all. */
  warmupMs: number;
  /** Timed calls of each function, at least this many ... */
  minRounds: number;
  /** ... and at least this many timed milliseconds for each function. */
  minTimeMs: number;
  /** Stop after this many timed calls of each function even if `minTimeMs` is not reached. */
  maxRounds: number;
}

/**
 * Per-call times in ms of two functions timed in units of eight calls (A B B A B A A B, or its mirror):
 * `a[4u..4u+3]` and `b[4u..4u+3]` are the calls of unit `u`.
 */
export interface PairedTimes {
  a: Float64Array;
  b: Float64Array;
  /** Times of the probe, one call after each unit (when a probe was given). */
  probe?: Float64Array;
}

/** Calls of each function in one balanced unit. */
export const UNIT = 4;

/** Which calls of a unit are `a`'s: A B B A B A A B, and its mirror for every other unit. */
const PATTERN = [true, false, false, true, false, true, true, false];
const MIRROR = PATTERN.map((x) => !x);

/** Warm-up chunk: pairs of calls whose median time is compared with the previous chunk's. */
const WARMUP_CHUNK = 8;

/**
 * One call the protocol asks its driver to make and time: `a`, `b`, the `probe`, or during the
 * warm-up a `pair` (`a` then `b`, timed together).
 */
type Call = 'a' | 'b' | 'pair' | 'probe';

/**
 * The protocol as a schedule: yields the next call to make, is resumed with its time in ms, and
 * returns the record. The synchronous and the async protocol drive this one schedule, so they
 * make the same calls in the same order and keep the same figures.
 */
type Schedule<R> = Generator<Call, R, number>;

/**
 * Untimed warm-up of both functions: at least `warmupRounds` calls each and `warmupMs` in all;
 * then, because a cold process can stay slow for hundreds of calls (code compiled lazily, caches
 * filling), on until the median time of the latest chunk of calls stops falling (is at least 90%
 * of the chunk before), for at most 20 × `warmupMs`. Returns the calls made of each function.
 */
export function warmUp(a: () => void, b: () => void, s: Pick<ProtocolSettings, 'warmupRounds' | 'warmupMs'>): number {
  return runSync(warmupSchedule(s), a, b);
}

/** The warm-up as a schedule of timed pairs (see {@link warmUp}); returns the calls made of each function. */
function* warmupSchedule(s: Pick<ProtocolSettings, 'warmupRounds' | 'warmupMs'>): Schedule<number> {
  const t0 = performance.now();
  let calls = 0;
  let prev = Infinity;
  for (;;) {
    const chunk: number[] = [];
    for (let i = 0; i < WARMUP_CHUNK; i++) chunk.push(yield 'pair');
    calls += chunk.length;
    const elapsed = performance.now() - t0;
    const latest = quantile(Float64Array.from(chunk).sort(), 0.5);
    // Noise from other processes only slows calls down, so a chunk no faster than 90% of the one before counts as settled.
    const stable = latest >= 0.9 * prev;
    prev = latest;
    if (calls >= s.warmupRounds && elapsed >= s.warmupMs && (stable || elapsed >= 20 * s.warmupMs)) return calls;
  }
}

/** The whole protocol as a schedule (see {@link timeInterleaved}). */
function* interleavedSchedule(s: ProtocolSettings, withProbe: boolean): Schedule<PairedTimes> {
  yield* warmupSchedule(s);
  if (withProbe) yield 'probe';
  const ta: number[] = [];
  const tb: number[] = [];
  const tp: number[] = [];
  let sumA = 0;
  let sumB = 0;
  const times = new Float64Array(PATTERN.length);
  for (let unit = 0; ta.length < s.maxRounds && (ta.length < s.minRounds || Math.min(sumA, sumB) < s.minTimeMs); unit++) {
    const isA = unit % 2 === 0 ? PATTERN : MIRROR;
    for (let i = 0; i < isA.length; i++) times[i] = yield isA[i] ? 'a' : 'b';
    if (withProbe) tp.push(yield 'probe');
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
  return { a: Float64Array.from(ta), b: Float64Array.from(tb), ...(withProbe ? { probe: Float64Array.from(tp) } : {}) };
}

/** Makes and times the calls of a schedule synchronously. */
function runSync<R>(schedule: Schedule<R>, a: () => void, b: () => void, probe?: () => void): R {
  const calls = {
    a,
    b,
    pair: () => {
      a();
      b();
    },
    probe: probe ?? noProbe,
  };
  let next = schedule.next();
  while (!next.done) next = schedule.next(timeCall(calls[next.value]));
  return next.value;
}

/** Makes and times the calls of a schedule, awaiting each call of `a` and `b` before the next starts (the probe is synchronous). */
async function runAsync<R>(schedule: Schedule<R>, a: () => Promise<unknown>, b: () => Promise<unknown>, probe?: () => void): Promise<R> {
  const calls = {
    a,
    b,
    pair: async () => {
      await a();
      await b();
    },
  };
  let next = schedule.next();
  while (!next.done) next = schedule.next(next.value === 'probe' ? timeCall(probe ?? noProbe) : await timeAwaited(calls[next.value]));
  return next.value;
}

/** Stands for a probe the schedule asks for only when one was given. */
function noProbe(): void {
  throw new Error('the speed protocol asked for a probe it was not given');
}

/** Time in ms of one call of `f`. */
function timeCall(f: () => void): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

/** Time in ms of one call of `f`, from its start to its result. */
async function timeAwaited(f: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await f();
  return performance.now() - start;
}

/**
 * Times `a` and `b` interleaved: after the warm-up, units of eight calls, A B B A B A A B and
 * its mirror B A A B A B B A in turn (each call timed on its own), run until each function has
 * at least `minRounds` calls and `minTimeMs` timed milliseconds, or `maxRounds` calls. Within a
 * unit each function goes first, last and twice in a row equally often, which cancels any
 * advantage of position; interleaving makes machine drift hit both equally. `probe`, a fixed
 * workload, is timed once after each unit (not counted in `minTimeMs`): it tells how fast the
 * machine ran while `a` and `b` were timed. The call after it pays for the caches it evicted,
 * which is why units alternate which function opens them.
 */
export function timeInterleaved(a: () => void, b: () => void, s: ProtocolSettings, probe?: () => void): PairedTimes {
  return runSync(interleavedSchedule(s, probe !== undefined), a, b, probe);
}

/**
 * {@link timeInterleaved} for functions that return promises (onnxruntime sessions, pages): the
 * same schedule (warm-up rule, units, mirror, probe), each call awaited before the next starts, so
 * an awaited call is timed from its start to its result.
 */
export async function timeInterleavedAsync(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  s: ProtocolSettings,
  probe?: () => void,
): Promise<PairedTimes> {
  return runAsync(interleavedSchedule(s, probe !== undefined), a, b, probe);
}

/** Statistics settings of the speed figures: interval level, resamples, seed, and which quantile of call times. */
export interface TimeStats {
  resamples: number;
  level: number;
  seed: number;
  /** Quantile of the per-call times that stands for a function's time (default 0.5, the median). */
  quantile?: number;
}

/**
 * Speedup of `b` over `a`: the median (or `quantile`) call time of `a` / that of `b`, with a
 * percentile bootstrap interval that resamples whole units (keeping the interleaved calls
 * together, so drift stays paired). Medians resist the one-sided delays other processes cause.
 */
export function pairedSpeedup(times: PairedTimes, opts: TimeStats): Estimate {
  return unitBootstrap([times.a, times.b], (m) => m[0] / m[1], opts, 'speedup');
}

/** The median (or `quantile`) of `values` (units of {@link UNIT} consecutive values) with a unit-bootstrap interval. */
export function bootstrapCallTime(values: Float64Array, opts: TimeStats, stream: string): Estimate {
  return unitBootstrap([values], (m) => m[0], opts, stream);
}

/**
 * Bootstraps `statistic(quantiles of each series)`, resampling units of {@link UNIT} consecutive
 * entries (the same units in every series).
 */
function unitBootstrap(series: Float64Array[], statistic: (q: number[]) => number, opts: TimeStats, stream: string): Estimate {
  const q = opts.quantile ?? 0.5;
  const value = statistic(series.map((s) => quantile(Float64Array.from(s).sort(), q)));
  const units = Math.floor(series[0].length / UNIT);
  if (units < 2) return { value, ci: [value, value] };
  const rng = new Rng(Rng.derive(opts.seed, stream));
  const samples = series.map(() => new Float64Array(units * UNIT));
  const picked = series.map(() => 0);
  const stats = new Float64Array(opts.resamples);
  for (let r = 0; r < opts.resamples; r++) {
    for (let u = 0; u < units; u++) {
      const from = rng.int(units) * UNIT;
      for (let j = 0; j < series.length; j++) samples[j].set(series[j].subarray(from, from + UNIT), u * UNIT);
    }
    for (let j = 0; j < series.length; j++) picked[j] = selectQuantile(samples[j], q);
    stats[r] = statistic(picked);
  }
  return { value, ci: percentileInterval(stats, opts.level) };
}

/** Median of an array (copied before sorting). */
export function medianOf(values: ArrayLike<number>): number {
  return quantile(Float64Array.from(values).sort(), 0.5);
}

/** The linear-interpolated `q` quantile by quickselect in O(n) (equal to sorting then `quantile`); reorders `v`. */
export function selectQuantile(v: Float64Array, q: number): number {
  const n = v.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const k = Math.floor(pos);
  const lo = select(v, k);
  if (pos === k) return lo;
  // After select, everything past k is >= v[k]: the next order statistic is their minimum.
  let hi = Infinity;
  for (let i = k + 1; i < n; i++) if (v[i] < hi) hi = v[i];
  return lo + (hi - lo) * (pos - k);
}

/** Puts the k-th smallest value at index k (smaller ones before it) and returns it. */
function select(v: Float64Array, k: number): number {
  let left = 0;
  let right = v.length - 1;
  while (right > left) {
    const mid = (left + right) >> 1;
    // Median of three as the pivot keeps sorted or nearly sorted input linear.
    const pivot = Math.max(Math.min(v[left], v[mid]), Math.min(Math.max(v[left], v[mid]), v[right]));
    let i = left;
    let j = right;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        const t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return v[k];
}

/** The p50, p95 and p99 of per-call times. */
export function latencyPercentiles(times: ArrayLike<number>): { p50: number; p95: number; p99: number } {
  const sorted = Float64Array.from(times).sort();
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99) };
}
