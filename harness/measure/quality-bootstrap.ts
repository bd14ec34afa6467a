import { bootstrapRng, percentileInterval, type Estimate } from './bootstrap.js';
import { CONFUSION_METRICS, metricsFromCounts } from './quality.js';

/** One prediction vector as the bootstrap sees it. */
export interface BootstrapSide {
  /** Predicted class per row. */
  pred: Int32Array;
  /** Per-row values whose mean is a metric (e.g. `logLoss`, `top2Accuracy`), by metric name. */
  rowMetrics: Record<string, Float64Array>;
}

/** Every quality figure of a variant with its percentile interval. */
export interface QualityBootstrap {
  quality: Record<string, Estimate>;
  /** variant metric / reference metric, paired on the same resampled rows. */
  retention?: Record<string, Estimate>;
  /** Share of rows where variant and reference predict the same class. */
  fidelity?: Estimate;
}

/**
 * Percentile bootstrap of all quality figures at once. Each resample draws `n` rows with
 * replacement (seeded, so the original and every variant of a seed see the same resamples),
 * builds the confusion counts and the sums of the per-row metrics of those rows, and derives
 * every metric from them; no per-resample arrays are allocated.
 *
 * Retention is reported for the confusion metrics and for the row metrics the reference also
 * carries (pass only higher-is-better ones there). A retention whose reference metric is 0 on
 * the test rows or on some resample has no finite value and is left out.
 */
export function bootstrapQuality(
  y: Int32Array,
  k: number,
  variant: BootstrapSide,
  reference: BootstrapSide | undefined,
  opts: { resamples: number; level: number; seed: number },
): QualityBootstrap {
  const n = y.length;
  const M = CONFUSION_METRICS.length;
  const vNames = Object.keys(variant.rowMetrics);
  const vRows = vNames.map((m) => variant.rowMetrics[m]);
  const rNames = reference ? Object.keys(reference.rowMetrics).filter((m) => m in variant.rowMetrics) : [];
  const rRows = rNames.map((m) => reference!.rowMetrics[m]);
  const qualityNames = [...CONFUSION_METRICS, ...vNames];
  const retentionNames = [...CONFUSION_METRICS, ...rNames];

  const counts = new Float64Array(k * k);
  const refCounts = new Float64Array(k * k);
  const scratch = new Float64Array(2 * k);
  const vOut = new Float64Array(M + vNames.length);
  const rOut = new Float64Array(M + rNames.length);
  const vSums = new Float64Array(vNames.length);
  const rSums = new Float64Array(rNames.length);

  // Per-row codes and row-metric values laid out once, so a resample does one pass of increments.
  const vCode = Int32Array.from(y, (t, r) => t * k + variant.pred[r]);
  const rCode = reference ? Int32Array.from(y, (t, r) => t * k + reference.pred[r]) : vCode;
  const same = reference ? Uint8Array.from(y, (_, r) => (variant.pred[r] === reference.pred[r] ? 1 : 0)) : new Uint8Array(n);
  const V = vRows.length;
  const R = rRows.length;
  const vVals = new Float64Array(n * V);
  const rVals = new Float64Array(n * R);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < V; j++) vVals[r * V + j] = vRows[j][r];
    for (let j = 0; j < R; j++) rVals[r * R + j] = rRows[j][r];
  }

  // Fills vOut/rOut for the given rows and returns the agreement share.
  const evalRows = (rows: Int32Array): number => {
    counts.fill(0);
    vSums.fill(0);
    refCounts.fill(0);
    rSums.fill(0);
    let agree = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      counts[vCode[r]]++;
      refCounts[rCode[r]]++;
      agree += same[r];
      for (let j = 0; j < V; j++) vSums[j] += vVals[r * V + j];
      for (let j = 0; j < R; j++) rSums[j] += rVals[r * R + j];
    }
    metricsFromCounts(counts, k, vOut, scratch);
    for (let j = 0; j < V; j++) vOut[M + j] = n ? vSums[j] / n : 0;
    if (reference) {
      metricsFromCounts(refCounts, k, rOut, scratch);
      for (let j = 0; j < R; j++) rOut[M + j] = n ? rSums[j] / n : 0;
    }
    return n ? agree / n : 1;
  };

  const fullAgree = evalRows(Int32Array.from({ length: n }, (_, i) => i));
  const qualityValues = Float64Array.from(vOut);
  // Retention j pairs reference figure j with the variant's figure of the same name.
  const vIndexOfR = Int32Array.from(retentionNames, (m, j) => (j < M ? j : M + vNames.indexOf(m)));
  const retentionValues = Float64Array.from(retentionNames, (_, j) => ratio(vOut[vIndexOfR[j]], rOut[j]));

  const B = n === 0 ? 0 : opts.resamples;
  const qStats = qualityNames.map(() => new Float64Array(B));
  const rStats = retentionNames.map(() => new Float64Array(B));
  const fStats = new Float64Array(B);
  const rng = bootstrapRng(opts.seed);
  const rows = new Int32Array(n);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < n; i++) rows[i] = rng.int(n);
    const agree = evalRows(rows);
    for (let j = 0; j < qStats.length; j++) qStats[j][b] = vOut[j];
    if (reference) {
      for (let j = 0; j < rStats.length; j++) rStats[j][b] = ratio(vOut[vIndexOfR[j]], rOut[j]);
      fStats[b] = agree;
    }
  }

  const interval = (value: number, stats: Float64Array): Estimate => ({
    value,
    ci: B ? percentileInterval(stats, opts.level) : [value, value],
  });
  const out: QualityBootstrap = { quality: {} };
  qualityNames.forEach((m, j) => (out.quality[m] = interval(qualityValues[j], qStats[j])));
  if (reference) {
    out.retention = {};
    retentionNames.forEach((m, j) => {
      if (Number.isFinite(retentionValues[j]) && rStats[j].every(Number.isFinite))
        out.retention![m] = interval(retentionValues[j], rStats[j]);
    });
    out.fidelity = interval(fullAgree, fStats);
  }
  return out;
}

function ratio(a: number, b: number): number {
  if (b === 0) return a === 0 ? 1 : NaN;
  return a / b;
}
