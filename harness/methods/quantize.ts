import * as tf from '@tensorflow/tfjs';
import { bytesPerValue, roundTrip } from '../engine/weight-codec.js';
import { simulateActivationQuantization } from './activation-sim.js';
import { isPrunable } from './prune.js';
import { integerOnnx } from './quantize-onnx.js';
import type { CompressionMethod, MethodResult, WeightEncoding } from './types.js';
import { quantizeSpec, type QuantizeSettings } from './quantize-settings.js';

export { quantizeSettings, type QuantizeSettings } from './quantize-settings.js';

/** Storage encoding for affine codes of `bits` bits: uint8 up to 8 bits, uint16 above. */
export function affineEncoding(bits: number): WeightEncoding {
  const dtype = bits <= 8 ? 'uint8' : 'uint16';
  return bits === 8 || bits === 16 ? { dtype } : { dtype, bits };
}

function size(w: tf.LayerVariable): number {
  return w.shape.reduce((a: number, d) => a * (d ?? 1), 1);
}

/**
 * Post-training weight quantization. The model's weights are replaced by the values the artifact
 * will decode to (so later pipeline steps and the simulation see what ships), and the encoding
 * tells the artifact writer how to store them.
 */
export const quantize: CompressionMethod<QuantizeSettings> = {
  ...quantizeSpec,
  async apply(model, s, ctx): Promise<MethodResult> {
    if (s.format !== undefined && s.format !== 'weights') return integerOnnx(model, s, ctx);
    const enc: WeightEncoding = s.dtype === 'float16' ? { dtype: 'float16' } : affineEncoding(s.bits ?? 8);
    const layers = ctx.layers ? model.layers.filter((l) => ctx.layers!.includes(l.name)) : model.layers;
    const chosen = layers.flatMap((l) => l.weights).filter((w) => w.dtype === 'float32' && (s.scope === 'all' || isPrunable(w)));
    const encoding: Record<string, WeightEncoding> = {};
    const tensors: { weight: string; values: number; maxAbsError: number }[] = [];
    for (const w of chosen) {
      const values = w.read().dataSync() as Float32Array;
      const decoded = roundTrip(values, enc);
      let maxAbsError = 0;
      for (let i = 0; i < values.length; i++) maxAbsError = Math.max(maxAbsError, Math.abs(values[i] - decoded[i]));
      const t = tf.tensor(decoded, w.shape as number[]);
      w.write(t);
      t.dispose();
      encoding[w.originalName] = enc;
      tensors.push({ weight: w.originalName, values: values.length, maxAbsError });
    }
    const allValues = model.weights.reduce((a, w) => a + size(w), 0);
    const quantizedValues = tensors.reduce((a, t) => a + t.values, 0);
    const info: Record<string, unknown> = {
      dtype: s.dtype,
      ...(s.dtype === 'affine' ? { bits: s.bits ?? 8 } : {}),
      storage: enc.dtype,
      scope: s.scope,
      weightsQuantized: tensors.length,
      valuesQuantized: quantizedValues,
      tensors,
      weightBytesBefore: allValues * 4,
      weightBytesAfter: (allValues - quantizedValues) * 4 + quantizedValues * bytesPerValue(enc),
      ...(enc.bits !== undefined
        ? {
            storageNote: `${enc.bits}-bit codes are stored one per ${enc.dtype} (a stock tfjs artifact has no packed sub-byte type), so the raw artifact shrinks as ${enc.dtype} and only its gzip size shows the fewer levels`,
          }
        : {}),
    };
    if (s.activationBits !== undefined) {
      info.activationQuantization = simulateActivationQuantization(model, ctx.dataset, s.activationBits, s.calibrationRows, ctx.seed);
    }
    return { model, info, encoding };
  },
};
