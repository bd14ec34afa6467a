import type { cellRecord, runRecord } from './record.js';

type CellKey = keyof typeof cellRecord.shape & string;
type RunKey = keyof typeof runRecord.shape & string;

/**
 * One figure of a run record: its dotted path (`<metric>`, `<k>` stand for a family), whether it
 * sits on each cell or on the run, and what it means. `checked`: gates and claim figures may name
 * fields under its root; `claimed`: claim figures only.
 */
export type MetricField =
  | { path: CellKey | `${CellKey}.${string}`; scope: 'cell'; doc: string; checked?: true; claimed?: true }
  | { path: `${RunKey}.${string}` | `${RunKey}[].${string}`; scope: 'run'; doc: string };

/**
 * The one table of the record's figure names: it drives `slimbench list metrics`, the roots a
 * suite's gates may check and the fields its claim figures may name. Its paths are type-checked
 * against the record schema, so a renamed record field breaks the build here.
 */
export const METRIC_FIELDS: readonly MetricField[] = [
  { path: 'quality.accuracy', scope: 'cell', checked: true, doc: 'share of test rows predicted correctly (LLM cells: of prompts whose extracted answer equals the gold one); every quality figure has a seeded percentile bootstrap CI (suite measure.resamples, measure.ciLevel)' },
  { path: 'quality.balancedAccuracy', scope: 'cell', checked: true, doc: 'mean recall over the classes present in the test labels' },
  { path: 'quality.precisionMacro', scope: 'cell', checked: true, doc: 'precision averaged over classes (each class weighs the same; classes absent from labels and predictions are left out; no predictions of a class = 0)' },
  { path: 'quality.recallMacro', scope: 'cell', checked: true, doc: 'recall averaged over classes' },
  { path: 'quality.f1Macro', scope: 'cell', checked: true, doc: 'F1 averaged over classes' },
  { path: 'quality.precisionWeighted', scope: 'cell', checked: true, doc: 'per-class precision averaged with weights = true rows of each class' },
  { path: 'quality.recallWeighted', scope: 'cell', checked: true, doc: 'per-class recall averaged with weights = true rows of each class (equals accuracy)' },
  { path: 'quality.f1Weighted', scope: 'cell', checked: true, doc: 'per-class F1 averaged with weights = true rows of each class' },
  { path: 'quality.top<k>Accuracy', scope: 'cell', checked: true, doc: 'share of rows whose true class is among the k most probable (suite measure.topK > 1; ties count for the true class)' },
  { path: 'quality.logLoss', scope: 'cell', checked: true, doc: 'mean of -ln p(true class), probabilities clipped to [1e-15, 1]; lower is better' },
  { path: 'perClass', scope: 'cell', doc: 'precision, recall, F1 and support (true rows) of each class, in class order' },
  { path: 'confusion', scope: 'cell', doc: 'confusion[t][p]: test rows of true class t predicted as p' },
  { path: 'retention.<metric>', scope: 'cell', checked: true, doc: "variant's metric / original's metric on the same resampled rows, with paired bootstrap CI (not for logLoss; left out where the original's metric is 0)" },
  { path: 'fidelity', scope: 'cell', checked: true, doc: 'share of test rows where the variant predicts the same class as the original (fidelityCi: its bootstrap CI)' },
    { path: 'mcnemarP', scope: 'cell', checked: true, doc: 'exact two-sided McNemar p-value of the flips (binomial test on rightToWrong vs wrongToRight)' },
  { path: 'flips.rightToWrong', scope: 'cell', checked: true, doc: 'prompts (LLM) or rows the original got right and the variant wrong (flips.wrongToRight: the reverse)' },
  { path: 'answers', scope: 'cell', doc: 'LLM cells: content-addressed file (predictions/<sha256>.json) with every completion, extracted answer and gold answer per task' },
  { path: 'llm.ttftMs', scope: 'cell', checked: true, doc: 'LLM cells: time from the request to the first generated token (prompt processing included), p50/p95 over the task prompts' },
  { path: 'llm.promptTokensPerSec', scope: 'cell', checked: true, doc: 'LLM cells: prompt tokens / time to first token, median over the task prompts' },
  { path: 'llm.genTokensPerSec', scope: 'cell', checked: true, doc: 'LLM cells: generated tokens after the first / time after the first, p50/p95 over the timed rounds (llm.speedPrompts x llm.speedTokens)' },
  { path: 'llm.tokensPerSecRatio', scope: 'cell', checked: true, doc: "LLM cells: variant's generated tokens/s over the original's, timed interleaved (ABBA) on the same prompts, with a bootstrap CI over prompts (also speed.speedup; speed.throughput.samplesPerSec is generated tokens/s)" },
  { path: 'llm.perplexity', scope: 'cell', checked: true, doc: 'LLM cells: exp(-mean ln p) of the held-out text (llm.perplexityText, or llm.perplexity items after their unscored context); null when the runtime gives no log-probabilities' },
  { path: 'llm.modelBytes', scope: 'cell', checked: true, doc: 'LLM cells: bytes of the GGUF file (also size.artifactBytes)' },
  { path: 'llm.residentBytes', scope: 'cell', checked: true, doc: 'LLM cells: growth of the resident set when the model was loaded (the first model loaded also counts llama.cpp itself)' },
  { path: 'llm.tasks.<task>', scope: 'cell', checked: true, doc: "LLM cells: one task's accuracy, fidelity, flips, mcnemarP, retention and kl, and its first completions" },
  { path: 'quality.fidelity', scope: 'cell', checked: true, doc: "label-free data: share of test rows whose top-1 class is the original's (compare tests it with McNemar on the per-row agreement)" },
  { path: 'quality.top<k>Overlap', scope: 'cell', checked: true, doc: "label-free data: mean share of the original's k most likely classes among the variant's k (suite measure.topK > 1)" },
  { path: 'quality.kl', scope: 'cell', checked: true, doc: 'label-free data: the same as kl' },
  { path: 'quality.tv', scope: 'cell', checked: true, doc: 'label-free data: the same as tv' },
  { path: 'quality.mse', scope: 'cell', checked: true, doc: "label-free data, outputs that are not probabilities: mean squared difference from the original's outputs" },
  { path: 'predictions', scope: 'cell', doc: 'content-addressed file (predictions/<sha256>.json beside the record) with the predicted class, and probabilities, of every test row' },
  { path: 'dataset.labels', scope: 'run', doc: 'content-addressed file of the test labels, so stored predictions can be re-scored without the models' },
  { path: 'size.params', scope: 'cell', checked: true, doc: 'parameters of the loaded model' },
  { path: 'size.nonzeroParams', scope: 'cell', checked: true, doc: 'parameters that are not exactly zero' },
  { path: 'size.fp32Bytes', scope: 'cell', checked: true, doc: 'params x 4' },
  { path: 'size.artifactBytes', scope: 'cell', checked: true, doc: 'bytes of model.json + weight files as written' },
  { path: 'size.gzipBytes', scope: 'cell', checked: true, doc: 'gzip -9 bytes of those files (how pruning shows up on disk)' },
  { path: 'size.memoryBytes', scope: 'cell', checked: true, doc: 'tensor bytes held after loading the artifact (quantized weights are float32 again in memory)' },
  { path: 'size.compressionRatio', scope: 'cell', checked: true, doc: "original's artifact bytes / this artifact's bytes" },
  { path: 'size.gzipRatio', scope: 'cell', checked: true, doc: "original's gzip bytes / this artifact's gzip bytes" },
  { path: 'flops.dense', scope: 'cell', checked: true, doc: 'multiply-adds per input row, counted per layer (Dense, Conv, DepthwiseConv, attention projections and QK^T, softmax·V; pooling and normalization as ops per element)' },
  { path: 'flops.effective', scope: 'cell', checked: true, doc: 'the same, skipping multiply-adds with a zero weight (nonzero kernel entries x positions): what sparse kernels could save' },
  { path: 'flops.layers', scope: 'cell', checked: true, doc: 'per-layer breakdown of dense and effective multiply-adds; flops.uncounted lists layers of unknown classes' },
  { path: 'speed.throughput.samplesPerSec', scope: 'cell', checked: true, doc: 'samples/s at the suite batch from the median call time (measure.speed.quantile), with bootstrap CI' },
  { path: 'speed.speedup', scope: 'cell', checked: true, doc: "original's median call time (measure.speed.quantile) / variant's, both timed interleaved (units of A B B A B A A B and its mirror in turn) after a warm-up, with a bootstrap CI over units" },
  { path: 'speed.latencyMs', scope: 'cell', checked: true, doc: 'p50/p95/p99 milliseconds of one batch-1 call (prediction and read-back)' },
  { path: 'speed.latencySpeedup', scope: 'cell', checked: true, doc: 'speedup at batch 1, measured like speed.speedup' },
  { path: 'speed.rme', scope: 'cell', checked: true, doc: "relative margin of error of the variant's mean call time at the suite batch (t half-width / mean)" },
  { path: 'speed.noisy', scope: 'cell', checked: true, doc: 'true when the speedup CI half-width / speedup exceeds measure.speed.noiseThreshold (default 0.1): do not read much into it' },
  { path: 'speed.calibrationGflops', scope: 'cell', checked: true, doc: 'GFLOP/s of a 128 x 128 float32 matmul timed after every unit of the throughput phase (median): how fast the machine ran while this cell was timed; compare divides throughput by it' },
  { path: 'speed.rounds', scope: 'cell', checked: true, doc: 'timed calls of each model at the suite batch (speed.latencyRounds: at batch 1)' },
  { path: 'runtimes.<runtime>.speed.speedup', scope: 'cell', checked: true, doc: "speedup over the original on one runtime of measure.runtimes (e.g. runtimes.onnxruntime.speed.speedup: an int8 ONNX variant against the original's fp32 export on onnxruntime-node), timed like speed.speedup, with its CI; runtimes.<runtime>.speed has that runtime's other speed figures" },
  { path: 'runtimes.<runtime>.quality.<metric>', scope: 'cell', checked: true, doc: 'integer variants: a quality metric measured on the runtime that executes the integer model, with its bootstrap CI' },
  { path: 'runtimes.<runtime>.parity', scope: 'cell', checked: true, doc: "rows, agreement (share of test rows with tfjs's class) and maxAbsDiff (largest |Δprobability|) of that runtime's outputs against tfjs's, for the cell's float model" },
  { path: 'env.calibrationGflops', scope: 'run', doc: 'GFLOP/s of a 256 x 256 float32 matmul measured during the run: puts absolute times of different machines on one scale' },
  { path: 'aggregates[].figures', scope: 'run', doc: 'with repeats > 1: mean, sd and t CI over seeds of each quality, retention, fidelity, speedup and throughput figure, per variant and settings' },
  { path: 'methodInfo.<field>', scope: 'cell', claimed: true, doc: 'what the compression method reports about itself (e.g. methodInfo.control.accuracy: the compute-matched control, with its ci beside it); claim figures may read it' },
  { path: 'delta.<metric>', scope: 'cell', checked: true, doc: "variant's quality metric minus its own seed's original's (e.g. delta.accuracy, for gates on points lost)" },
  { path: 'role', scope: 'cell', doc: "'control' on a compute-matched control cell (suite controls: auto): control[fineTune=E] is the original trained E more epochs at a variant's learning rate and batch size; control[scratch=…] a structurally smaller variant's architecture trained from fresh weights for the original's epochs plus the variant's" },
  { path: 'controls', scope: 'cell', doc: "ids of a variant cell's compute-matched control cells (same seed)" },
  { path: 'vsControl.<metric>', scope: 'cell', checked: true, doc: "variant's confusion metric minus its first control's (a distilled student: minus the same student on hard labels), with a paired bootstrap CI; vsControl.mcnemarP and vsControl.flips pair their errors; vsControls.<id> holds the same against each control" },
  { path: 'forgetting.classes', scope: 'cell', doc: "per class: accuracy of the original and the variant on that class's test rows, the change, an exact McNemar p on those rows and its Benjamini–Hochberg q across classes; forgetting.lost lists the classes that lost with q <= forgetting.fdr" },
  { path: 'kl', scope: 'cell', checked: true, doc: "mean KL(original ‖ variant) in nats with bootstrap CI: of the output distributions over the test rows (variant probabilities clipped at 1e-7); LLM cells: of next-token distributions along the original's completion (first 8 characters), both models fed the same text, top-k lists coarse-grained to shared tokens plus a rest bucket (a lower bound)" },
  { path: 'tv', scope: 'cell', checked: true, doc: 'mean total variation ½ Σ |p − q| between the original\'s and the variant\'s output distributions, with bootstrap CI' },
  { path: 'forgotten.variants', scope: 'run', doc: "per variant, test rows the original gets right and the variant wrong in more than half of the variant's cells (seeds or sweep points), most often first; forgotten.items holds the shown items (image grey levels, story text or row values)" },
  { path: 'timings.trainMs', scope: 'cell', checked: true, doc: 'wall time training the original' },
  { path: 'timings.compressMs', scope: 'cell', checked: true, doc: 'wall time of the compression method' },
  { path: 'timings.evalMs', scope: 'cell', checked: true, doc: 'wall time predicting the test split and computing quality figures' },
  { path: 'timings.speedMs', scope: 'cell', checked: true, doc: 'wall time of the speed protocol' },
];

/** The first segment of a path: `retention` of `retention.accuracy`, `aggregates` of `aggregates[].figures`. */
export function rootOf(path: string): string {
  return path.split(/[.[]/, 1)[0];
}

const rootsWhere = (keep: (f: MetricField) => boolean): string[] => [...new Set(METRIC_FIELDS.filter(keep).map((f) => rootOf(f.path)))];

/** Roots of the cell fields a gate may check (`retention` for `retention.accuracy: ">= 0.99"`). */
export const GATE_ROOTS: readonly string[] = rootsWhere((f) => f.scope === 'cell' && f.checked === true);

/** Roots of the cell fields a claim figure may name: what gates check, and what methods report. */
export const CLAIM_ROOTS: readonly string[] = rootsWhere((f) => f.scope === 'cell' && (f.checked === true || f.claimed === true));
