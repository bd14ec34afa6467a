import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/types.js';
import type { ArtifactInfo } from '../engine/artifact-write.js';
import { loadGraph } from '../engine/graph-read.js';
import { rewriteGraphWeights, type GraphWeightRewrite } from '../engine/graph-weights.js';
import type { Predictor } from '../engine/predictor.js';
import { InputError } from '../errors.js';
import { evaluate, evaluatePredictions } from '../measure/evaluate.js';
import { recordDirOfArtifactRoot, writePredictions } from '../results/predictions.js';
import { argmaxRows } from '../measure/quality.js';
import { artifactBytes, artifactBytesOfDir, type SizeFigures } from '../measure/size.js';
import { measureSpeed } from '../measure/speed.js';
import { nmGraphKernels, pruneGraphKernels, quantizeGraphWeights } from '../methods/graph-weights.js';
import { parsePattern } from '../methods/prune-masks.js';
import { pruneSettings } from '../methods/prune-settings.js';
import { affineEncoding } from '../methods/quantize.js';
import { quantizeSettings } from '../methods/quantize-settings.js';
import { predictProbs } from '../models/train.js';
import type { CellRecord } from '../results/record.js';
import type { LoadedSuite } from '../suite/load.js';
import type { Cell } from '../suite/plan.js';
import { baseFields, cellSlug, referencePredictions } from './cell.js';
import { evalSettings, speedStats } from './cell-settings.js';
import { qualityFields } from './quality-fields.js';
import type { SeedContext } from './types.js';

/**
 * Cells of a tfjs graph-model original: the original is copied (its weights into one file),
 * loaded with stock `tf.loadGraphModel` and measured as a layers original is; variants rewrite
 * its Const weights (prune, quantize) and measure the graph model written. FLOPs are not counted
 * for graph models.
 */
export async function runGraphOriginal(
  suite: LoadedSuite,
  dataset: Dataset,
  cell: Cell,
  artifactRoot: string,
): Promise<{ record: CellRecord; ctx: SeedContext; model: Predictor }> {
  const spec = suite.spec;
  const dir = join(artifactRoot, cellSlug(cell.id));
  const artifact = await rewriteGraphWeights(resolve(suite.dir, spec.model.path!), dir, () => undefined);
  const { model, memoryBytes } = await loadGraphMeasured(dir);
  const classes = dataset.classNames.length;
  const settings = evalSettings({ suite, dataset }, cell.seed);
  const t1 = performance.now();
  const probs = predictProbs(model, dataset.test, dataset.inputShape);
  const own = { predicted: argmaxRows(probs, classes), probs };
  const ev = evaluatePredictions(dataset.test.y, own, classes, settings, settings.labelFree ? own : undefined);
  const evalMs = performance.now() - t1;
  const t2 = performance.now();
  const speed = measureSpeed(model, model, dataset, spec.measure.speed, cell.seed, undefined, speedStats({ suite }));
  const record: CellRecord = {
    ...baseFields(cell),
    status: 'ok',
    methodInfo: { loadedFrom: spec.model.path, kind: 'graph' },
    ...qualityFields(ev),
    predictions: writePredictions(recordDirOfArtifactRoot(artifactRoot), classes, ev.predictions, ev.probs),
    size: graphSize(model, artifact, { memoryBytes }),
    speed,
    timings: { trainMs: 0, evalMs, speedMs: performance.now() - t2 },
    artifact: dir,
  };
  const ctx: SeedContext = {
    suite,
    dataset,
    seed: cell.seed,
    originalDir: dir,
    originalArtifactBytes: artifact.totalBytes,
    originalPredictions: ev.predictions,
    artifactRoot,
  };
  return { record, ctx, model };
}

/** A variant of a graph-model original: its Const weights rewritten by the cell's method, written, loaded back and measured. */
export async function runGraphVariant(ctx: SeedContext, cell: Cell, original: Predictor): Promise<CellRecord> {
  const { dataset, suite } = ctx;
  const { rewrite, info } = graphRewrite(cell);
  const t0 = performance.now();
  const dir = join(ctx.artifactRoot, cellSlug(cell.id));
  const artifact = await rewriteGraphWeights(ctx.originalDir, dir, rewrite);
  const compressMs = performance.now() - t0;
  const { model: shipped, memoryBytes } = await loadGraphMeasured(dir);
  try {
    const settings = evalSettings(ctx, cell.seed);
    const t1 = performance.now();
    const ev = evaluate(
      shipped,
      dataset.test,
      dataset.inputShape,
      dataset.classNames.length,
      settings,
      referencePredictions(ctx, original),
    );
    const evalMs = performance.now() - t1;
    const t2 = performance.now();
    const speed = measureSpeed(original, shipped, dataset, suite.spec.measure.speed, cell.seed, undefined, speedStats(ctx));
    return {
      ...baseFields(cell),
      status: 'ok',
      methodInfo: { ...info, kind: 'graph', rewritten: artifact.rewritten },
      ...qualityFields(ev),
      predictions: writePredictions(recordDirOfArtifactRoot(ctx.artifactRoot), dataset.classNames.length, ev.predictions, ev.probs),
      size: graphSize(shipped, artifact, { original: artifactBytesOfDir(ctx.originalDir), memoryBytes }),
      speed,
      timings: { compressMs, evalMs, speedMs: performance.now() - t2 },
      artifact: dir,
    };
  } finally {
    shipped.dispose();
  }
}

/** The Const-weight rewrite of a cell's method and settings; settings only a layers model can honour are bad input. */
function graphRewrite(cell: Cell): { rewrite: GraphWeightRewrite; info: Record<string, unknown> } {
  const refuse = (what: string) =>
    new InputError(
      `variant '${cell.variant}': ${cell.method} ${what} needs a tfjs layers model; model.path is a graph model, whose weights are rewritten one-shot — remove the setting`,
      'graph-setting',
    );
  if (cell.method === 'prune') {
    const s = pruneSettings.parse(cell.settings);
    if (s.scope === 'global') throw refuse("with scope 'global'");
    if (s.fineTuneEpochs > 0) throw refuse('with fine-tuning');
    if (s.pattern !== undefined) return { rewrite: nmGraphKernels(parsePattern(s.pattern)!), info: { pattern: s.pattern, scope: 'layer' } };
    return { rewrite: pruneGraphKernels(s.sparsity ?? 0), info: { sparsity: s.sparsity, scope: 'layer' } };
  }
  if (cell.method === 'quantize') {
    const s = quantizeSettings.parse(cell.settings);
    if (s.activationBits !== undefined) throw refuse("with 'activationBits'");
    const encoding = s.dtype === 'float16' ? ({ dtype: 'float16' } as const) : affineEncoding(s.bits ?? 8);
    const all = quantizeGraphWeights(encoding);
    const rewrite: GraphWeightRewrite = s.scope === 'all' ? all : (w) => (w.shape.length >= 2 ? all(w) : undefined);
    return { rewrite, info: { encoding, scope: s.scope } };
  }
  throw new InputError(
    `variant '${cell.variant}': method '${cell.method}' applies to tfjs layers models; model.path is a graph model (methods for it: prune, quantize, distill)`,
    'graph-method',
  );
}

async function loadGraphMeasured(dir: string): Promise<{ model: tf.GraphModel; memoryBytes: number }> {
  const before = tf.memory().numBytes;
  const model = await loadGraph(dir);
  return { model, memoryBytes: tf.memory().numBytes - before };
}

/** Size figures of a loaded graph model: its float weights counted (int Consts such as axes are not parameters). */
function graphSize(
  model: tf.GraphModel,
  artifact: ArtifactInfo,
  opts: { original?: { artifactBytes: number; gzipBytes: number }; memoryBytes: number },
): SizeFigures {
  let params = 0;
  let nonzeroParams = 0;
  for (const tensors of Object.values(model.weights)) {
    for (const t of tensors) {
      if (t.dtype !== 'float32') continue;
      const v = t.dataSync();
      params += v.length;
      for (let i = 0; i < v.length; i++) if (v[i] !== 0) nonzeroParams++;
    }
  }
  const bytes = artifactBytes(artifact);
  const original = opts.original ?? bytes;
  return {
    params,
    nonzeroParams,
    fp32Bytes: params * 4,
    ...bytes,
    memoryBytes: opts.memoryBytes,
    compressionRatio: original.artifactBytes / bytes.artifactBytes,
    gzipRatio: original.gzipBytes / bytes.gzipBytes,
  };
}
