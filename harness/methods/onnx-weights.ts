import type { Dataset } from '../data/types.js';
import { InputError } from '../errors.js';
import { gemmToMatMul } from '../runtimes/onnx-gemm.js';
import type { OnnxGraph } from '../runtimes/onnx-graph.js';
import { rewriteOnnxWeights, type OnnxWeightRewrite } from '../runtimes/onnx-weights.js';
import { magnitudeMask, nmMask, parsePattern } from './prune-masks.js';
import { pruneSettings } from './prune-settings.js';
import { quantizeGraphInt8 } from './quantize-onnx.js';
import { quantizeSettings, type QuantizeSettings } from './quantize-settings.js';

/** What compressing an ONNX original did: its settings as applied, and the weights it rewrote (with the values it now computes with). */
export interface OnnxCompression {
  info: Record<string, unknown>;
  /** Weight rewrites: each rewritten initializer's values as the model now computes with them. */
  weights?: Map<string, Float32Array>;
}

/**
 * Applies a weight-level method to an imported ONNX graph in place: `prune` (a share per tensor,
 * or N:M along each weight's input axis) and `quantize` (float16 or 2..8-bit weights, or the
 * integer formats onnx-dynamic / onnx-static on its MatMul, Gemm and Conv nodes). Settings that
 * need a layers model or a training loop are bad input naming the variant.
 */
export async function compressOnnx(
  g: OnnxGraph,
  method: string,
  settings: unknown,
  variant: string,
  dataset: Dataset,
): Promise<OnnxCompression> {
  const refuse = (what: string) =>
    new InputError(
      `variant '${variant}': ${method} ${what} needs a tfjs layers model; model.path is an ONNX file, whose initializers are rewritten one-shot — remove the setting`,
      'onnx-setting',
    );
  if (method === 'prune') {
    const s = pruneSettings.parse(settings);
    if (s.scope === 'global') throw refuse("with scope 'global'");
    if (s.fineTuneEpochs > 0 || s.schedule !== 'oneShot') throw refuse('with fine-tuning');
    const pattern = s.pattern !== undefined ? parsePattern(s.pattern)! : undefined;
    const rewrite: OnnxWeightRewrite = (w) => {
      if (w.dims.length < 2) return undefined;
      const values = Float32Array.from(w.values);
      if (pattern) nmMask(values, w.dims, pattern, w.inputAxis);
      else magnitudeMask(values, s.sparsity ?? 0);
      return { values };
    };
    const weights = rewriteOnnxWeights(g, rewrite);
    return { info: pattern ? { pattern: s.pattern, scope: 'layer' } : { sparsity: s.sparsity, scope: 'layer' }, weights };
  }
  if (method === 'quantize') {
    const s = quantizeSettings.parse(settings);
    if (s.activationBits !== undefined) throw refuse("with 'activationBits'");
    if (s.format === 'onnx-dynamic' || s.format === 'onnx-static') return integerFormat(g, s, dataset);
    const bits = s.bits ?? 8;
    if (s.dtype !== 'float16' && bits > 8)
      throw new InputError(
        `variant '${variant}': quantize bits ${bits} on an ONNX file: its weights are stored as uint8 codes behind DequantizeLinear; use bits 2..8, or dtype float16`,
        'onnx-setting',
      );
    const storage = s.dtype === 'float16' ? ({ kind: 'float16' } as const) : ({ kind: 'affine', bits } as const);
    const minRank = s.scope === 'all' ? 1 : 2;
    const weights = rewriteOnnxWeights(g, (w) => (w.dims.length >= minRank ? { storage } : undefined));
    const stored = s.dtype === 'float16' ? 'float16 initializers, Cast to float' : `uint8 codes of ${bits} bits, DequantizeLinear`;
    return { info: { dtype: s.dtype, ...(s.dtype === 'float16' ? {} : { bits }), scope: s.scope, stored }, weights };
  }
  throw new InputError(
    `variant '${variant}': method '${method}' applies to tfjs layers models; model.path is an ONNX file (methods for it: prune, quantize, distill)`,
    'onnx-method',
  );
}

/** The integer formats on the user's graph: Gemm as MatMul + Add first, then the same passes as exported models get. */
async function integerFormat(g: OnnxGraph, s: QuantizeSettings, dataset: Dataset): Promise<OnnxCompression> {
  const gemms = gemmToMatMul(g);
  const info = await quantizeGraphInt8(g, s, dataset);
  return { info: { ...info, gemmsAsMatMul: gemms } };
}
