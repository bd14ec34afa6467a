import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Dataset } from '../data/types.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { downloadSizes } from '../measure/download-size.js';
import type { SizeFigures } from '../measure/size.js';
import { compressOnnx } from '../methods/onnx-weights.js';
import { ONNX_FILE } from '../models/kind.js';
import { recordDirOfArtifactRoot, writePredictions } from '../results/predictions.js';
import type { CellRecord } from '../results/record.js';
import { readOnnxFile } from '../runtimes/load-errors.js';
import type { OnnxGraph } from '../runtimes/onnx-graph.js';
import { decodeOnnxFile, importOnnx } from '../runtimes/onnx-import.js';
import { onnxWeights } from '../runtimes/onnx-weights.js';
import type { LoadedSuite } from '../suite/load.js';
import type { Cell } from '../suite/plan.js';
import { baseFields, cellSlug } from './cell.js';
import { measureOnnx, type OnnxMeasured } from './onnx-measure.js';
import { qualityFields } from './quality-fields.js';
import type { SeedContext } from './types.js';

/**
 * Cells of an ONNX original: the file is copied into the cell's folder as it is, run on
 * onnxruntime-node (CPU) and measured there, quality, size and speed, as the integer ONNX
 * variants of layers models are. FLOPs are not counted for ONNX files.
 */
export async function runOnnxOriginal(
  suite: LoadedSuite,
  dataset: Dataset,
  cell: Cell,
  artifactRoot: string,
): Promise<{ record: CellRecord; ctx: SeedContext }> {
  const src = resolve(suite.dir, suite.spec.model.path!);
  const bytes = readOnnxFile(src);
  const g = importOnnx(decodeOnnxFile(bytes, src), src, dataset.inputShape);
  const dir = join(artifactRoot, cellSlug(cell.id));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, ONNX_FILE);
  writeFileAtomic(path, bytes);
  const ctx: SeedContext = {
    suite,
    dataset,
    seed: cell.seed,
    originalDir: dir,
    originalArtifactBytes: bytes.length,
    originalPredictions: new Int32Array(0),
    artifactRoot,
  };
  const m = await measureOnnx(ctx, cell, path);
  ctx.originalPredictions = m.evaluation.predictions;
  const record = onnxRecord(ctx, cell, m, {
    methodInfo: { loadedFrom: suite.spec.model.path, kind: 'onnx', outputs: m.outputs },
    size: onnxSize(paramsOf(g, new Map()), bytes, bytes),
    timings: { trainMs: 0 },
    dir,
  });
  return { record, ctx };
}

/** A variant of an ONNX original: its initializers rewritten (or its graph quantized to int8), written as an .onnx, loaded back on onnxruntime and measured. */
export async function runOnnxVariant(ctx: SeedContext, cell: Cell): Promise<CellRecord> {
  const src = join(ctx.originalDir, ONNX_FILE);
  const original = readFileSync(src);
  const g = importOnnx(decodeOnnxFile(original, src), src, ctx.dataset.inputShape);
  const before = new Map(onnxWeights(g).map((w) => [w.name, w.values]));
  const t0 = performance.now();
  const result = await compressOnnx(g, cell.method, cell.settings, cell.variant, ctx.dataset);
  const bytes = g.encode('slimbench');
  const compressMs = performance.now() - t0;
  const dir = join(ctx.artifactRoot, cellSlug(cell.id));
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, ONNX_FILE), bytes);
  const m = await measureOnnx(ctx, cell, join(dir, ONNX_FILE));
  for (const [name, values] of result.weights ?? []) before.set(name, values);
  return onnxRecord(ctx, cell, m, {
    methodInfo: { ...result.info, kind: 'onnx', outputs: m.outputs, ...(result.weights ? { rewritten: [...result.weights.keys()] } : {}) },
    size: onnxSize(countOf(before), bytes, original),
    timings: { compressMs },
    dir,
  });
}

function onnxRecord(
  ctx: SeedContext,
  cell: Cell,
  m: OnnxMeasured,
  parts: { methodInfo: Record<string, unknown>; size: SizeFigures; timings: Record<string, number>; dir: string },
): CellRecord {
  const classes = ctx.dataset.classNames.length;
  return {
    ...baseFields(cell),
    status: 'ok',
    methodInfo: parts.methodInfo,
    ...qualityFields(m.evaluation),
    predictions: writePredictions(recordDirOfArtifactRoot(ctx.artifactRoot), classes, m.evaluation.predictions, m.probs),
    size: parts.size,
    speed: m.speed,
    speedRuntime: 'onnxruntime',
    evaluatedOn: 'onnxruntime',
    runtimes: m.runtimes as CellRecord['runtimes'],
    timings: { ...parts.timings, evalMs: m.evalMs, speedMs: m.speedMs },
    artifact: parts.dir,
    onnxArtifact: join(parts.dir, ONNX_FILE),
  };
}

function paramsOf(g: OnnxGraph, extra: Map<string, Float32Array>): { params: number; nonzeroParams: number } {
  const values = new Map(onnxWeights(g).map((w) => [w.name, w.values]));
  for (const [k, v] of extra) values.set(k, v);
  return countOf(values);
}

/** Parameters (float weights, as the model computes with them) and how many are nonzero. */
function countOf(weights: Map<string, Float32Array>): { params: number; nonzeroParams: number } {
  let params = 0;
  let nonzeroParams = 0;
  for (const v of weights.values()) {
    params += v.length;
    for (let i = 0; i < v.length; i++) if (v[i] !== 0) nonzeroParams++;
  }
  return { params, nonzeroParams };
}

/** Size figures of an ONNX cell: the .onnx is what ships, and the ratios compare it with the original's .onnx. */
function onnxSize(counts: { params: number; nonzeroParams: number }, bytes: Uint8Array, original: Uint8Array): SizeFigures {
  const own = downloadSizes(bytes);
  const orig = original === bytes ? own : downloadSizes(original);
  return {
    ...counts,
    fp32Bytes: counts.params * 4,
    artifactBytes: own.bytes,
    gzipBytes: own.gzipBytes,
    compressionRatio: orig.bytes / own.bytes,
    gzipRatio: orig.gzipBytes / own.gzipBytes,
    brotliBytes: own.brotliBytes,
    onnxBytes: own.bytes,
    onnxGzipBytes: own.gzipBytes,
    onnxBrotliBytes: own.brotliBytes,
    format: 'onnx',
  } as SizeFigures;
}
