import * as ort from 'onnxruntime-node';
import type { OnnxGraph } from './onnx-graph.js';

/** How activation ranges are taken from calibration outputs. */
export interface CalibrationOptions {
  method: 'minmax' | 'percentile';
  /** For `percentile`: the share of values inside the range, in percent (e.g. 99.99). */
  percentile: number;
}

/** At most this many values per tensor are kept for percentiles (evenly spaced samples beyond it). */
const MAX_SAMPLES = 1_000_000;

/**
 * Runs the float graph on onnxruntime with `tensors` as extra outputs over `n` calibration rows
 * and returns each tensor's range: its min and max, or the percentile bounds.
 */
export async function calibrateRanges(
  g: OnnxGraph,
  tensors: string[],
  rows: Float32Array,
  n: number,
  opts: CalibrationOptions,
): Promise<Map<string, [number, number]>> {
  const saved = g.outputs;
  g.outputs = [...new Set([...saved, ...tensors])];
  const bytes = g.encode('slimbench-calibration');
  g.outputs = saved;
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, graphOptimizationLevel: 'basic' });
  const rowSize = g.input.dims.reduce((a, b) => a * b, 1);
  const stats = new Map(tensors.map((t) => [t, { min: Infinity, max: -Infinity, samples: [] as Float32Array[] }]));
  try {
    for (let b = 0; b < n; b += 256) {
      const m = Math.min(256, n - b);
      // A copy: onnxruntime-node rejects views of the SharedArrayBuffer worker threads share the dataset in.
      const out = await session.run({
        [g.input.name]: new ort.Tensor('float32', rows.slice(b * rowSize, (b + m) * rowSize), [m, ...g.input.dims]),
      });
      for (const [name, s] of stats) {
        const v = out[name].data as Float32Array;
        for (let i = 0; i < v.length; i++) {
          if (v[i] < s.min) s.min = v[i];
          if (v[i] > s.max) s.max = v[i];
        }
        if (opts.method === 'percentile') s.samples.push(Float32Array.from(v));
      }
    }
  } finally {
    await session.release();
  }
  const ranges = new Map<string, [number, number]>();
  for (const [name, s] of stats)
    ranges.set(name, opts.method === 'percentile' ? percentileRange(s.samples, opts.percentile) : [s.min, s.max]);
  return ranges;
}

/** The (100 − p) / 2 and (100 + p) / 2 percentiles of the values. */
function percentileRange(chunks: Float32Array[], p: number): [number, number] {
  const total = chunks.reduce((a, c) => a + c.length, 0);
  const step = Math.max(1, Math.ceil(total / MAX_SAMPLES));
  const kept: number[] = [];
  let k = 0;
  for (const c of chunks) for (let i = 0; i < c.length; i++, k++) if (k % step === 0) kept.push(c[i]);
  const sorted = Float32Array.from(kept).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
  return [at((100 - p) / 200), at((100 + p) / 200)];
}
