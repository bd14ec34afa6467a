import type * as tf from '@tensorflow/tfjs';
import { rowSize, type Dataset } from '../data/types.js';
import { InputError } from '../errors.js';
import { exportGraph } from '../runtimes/onnx-export.js';
import type { OnnxGraph } from '../runtimes/onnx-graph.js';
import { quantizeDynamic } from '../runtimes/onnx-quantize-dynamic.js';
import { quantizeStatic } from '../runtimes/onnx-quantize-static.js';
import { QUANTIZABLE_OPS, type QuantizedOps } from '../runtimes/onnx-quantize-select.js';
import type { QuantizeSettings } from './quantize-settings.js';
import type { MethodContext, MethodResult } from './types.js';

/**
 * `quantize` with an onnx format: the model exported to ONNX and its MatMul / Conv weights (those
 * `ops` and `minDim` select) stored as int8, with activations quantized at run time (`onnx-dynamic`) or through calibrated QDQ
 * pairs (`onnx-static`, on the first `calibrationRows` training rows). The tfjs model is left as
 * it is, the float reference of the integer model.
 */
export async function integerOnnx(model: tf.LayersModel, s: QuantizeSettings, ctx: MethodContext): Promise<MethodResult> {
  if (ctx.layers)
    throw new InputError(
      `quantize format '${s.format}' quantizes the whole ONNX graph; a sensitivity analysis needs format 'weights'`,
      'quantize-onnx-layers',
    );
  const g = exportGraph(model);
  const fp32OnnxBytes = g.encode('slimbench').length;
  const info = await quantizeGraphInt8(g, s, ctx.dataset);
  const bytes = g.encode('slimbench');
  Object.assign(info, { fp32OnnxBytes, onnxBytes: bytes.length });
  return { model, info, onnx: { format: s.format as 'onnx-dynamic' | 'onnx-static', bytes } };
}

/**
 * Quantizes the MatMul / Conv nodes of an ONNX graph in place as `s.format` says (the nodes
 * `ops` and `minDim` select; `onnx-static` calibrates on the first `calibrationRows` training
 * rows) and returns what it did for the record; an InputError when it selects no node.
 */
export async function quantizeGraphInt8(g: OnnxGraph, s: QuantizeSettings, dataset: Dataset): Promise<Record<string, unknown>> {
  const perChannel = s.perChannel ?? false;
  const sel = { perChannel, ops: s.ops ?? QUANTIZABLE_OPS, minDim: s.minDim ?? 0 };
  const info: Record<string, unknown> = { format: s.format, perChannel, weights: 'int8' };
  let ops: QuantizedOps;
  if (s.format === 'onnx-dynamic') {
    ops = quantizeDynamic(g, sel);
    info.activations = 'uint8, quantized at run time (DynamicQuantizeLinear)';
  } else {
    const rows = Math.min(s.calibrationRows, dataset.train.n);
    const x = dataset.train.x.subarray(0, rows * rowSize(dataset));
    const method = s.calibration ?? 'minmax';
    const percentile = s.percentile ?? 99.99;
    ops = await quantizeStatic(g, x, rows, { ...sel, method, percentile });
    Object.assign(info, {
      activations: 'int8 QDQ (S8S8)',
      calibration: method,
      calibrationRows: rows,
      ...(method === 'percentile' ? { percentile } : {}),
    });
  }
  const nodesQuantized = Object.values(ops.quantized).reduce((a, b) => a + b, 0);
  if (nodesQuantized === 0)
    throw new InputError(
      `quantize format '${s.format}' found no MatMul or Conv node to quantize (left float32: ${ops.keptFloat.join('; ') || 'none in the graph'}); widen ops or lower minDim`,
      'quantize-onnx-nothing',
    );
  return Object.assign(info, { nodesQuantized, quantizedOps: ops.quantized, keptFloat: ops.keptFloat });
}
