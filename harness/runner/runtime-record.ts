import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_JSON, WEIGHTS_BIN } from '../engine/artifact-format.js';
import { downloadSizes } from '../measure/download-size.js';
import type { CellRecord } from '../results/record.js';
import { DEFAULT_RUNTIMES } from '../runtimes/names.js';
import { qualityFields } from './quality-fields.js';
import type { RuntimeCellFigures } from './runtime-cells.js';
import type { SeedContext } from './types.js';

/**
 * Folds what the runtimes measured into a cell's record: `runtimes.<name>`, the ONNX sizes, the
 * top-level speed from the suite's first runtime (the first that ran the cell, for integer
 * variants), and for integer variants the quality onnxruntime measured and ONNX-to-ONNX size
 * ratios. A failed fp32 parity fails the cell.
 */
export function withRuntimes(record: CellRecord, figures: RuntimeCellFigures, ctx: SeedContext, dir: string): CellRecord {
  if (!figures.runtimes) return record;
  const out: CellRecord = { ...record, runtimes: figures.runtimes as CellRecord['runtimes'] };
  const listed = ctx.suite.spec.measure.runtimes ?? DEFAULT_RUNTIMES;
  if (figures.onnx && out.size) {
    const { file, bytes, gzipBytes, brotliBytes } = figures.onnx;
    const tfjsBrotli = [MODEL_JSON, WEIGHTS_BIN].reduce((a, f) => a + downloadSizes(readFileSync(join(dir, f))).brotliBytes, 0);
    out.size = { ...out.size, onnxBytes: bytes, onnxGzipBytes: gzipBytes, onnxBrotliBytes: brotliBytes, brotliBytes: tfjsBrotli };
    out.onnxArtifact = join(dir, file);
    if (figures.integer) {
      const originalBytes = statSync(join(ctx.originalDir, 'model.onnx')).size;
      out.size = { ...out.size, format: 'onnx', artifactBytes: bytes, gzipBytes, brotliBytes, compressionRatio: originalBytes / bytes };
    }
  }
  const ok = (name: string) => figures.runtimes![name]?.status === 'ok' && figures.runtimes![name].speed !== undefined;
  const first = figures.integer ? Object.keys(figures.runtimes).find(ok) : listed[0];
  if (first && ok(first)) out.speed = figures.runtimes[first]!.speed;
  else if (figures.integer) delete out.speed;
  out.speedRuntime = first && ok(first) ? first : undefined;
  if (out.speedRuntime === undefined) delete out.speedRuntime;
  if (figures.integer) {
    // The tfjs figures were of the float model; divergence figures the integer run lacks must go too.
    delete out.kl;
    delete out.tv;
    Object.assign(out, qualityFields(figures.integer.evaluation), { predictions: figures.integer.predictions, evaluatedOn: 'onnxruntime' });
  }
  if (figures.failure) Object.assign(out, { status: 'failed', error: figures.failure });
  return out;
}
