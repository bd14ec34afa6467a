import { basename, join } from 'node:path';
import { float16ToFloat32 } from '../engine/weight-codec.js';
import { InputError } from '../errors.js';
import { FILE_TYPE, tensorBytes, type GgufFile, type GgufTensor, type TensorType } from '../runtimes/gguf-format.js';
import { readGguf } from '../runtimes/gguf-read.js';
import { quantizeQ4_0, quantizeQ8_0 } from '../runtimes/ggml-quants.js';
import { writeGguf } from '../runtimes/gguf-write.js';
import type { FileMethod } from './file-method.js';
import { ggufQuantizeSettings, ggufQuantizeSpec, type GgufQuantizeSettings } from './gguf-quantize-settings.js';

const TARGET = { q8_0: 'Q8_0', q4_0: 'Q4_0' } as const satisfies Record<GgufQuantizeSettings['type'], TensorType>;

function floatsOf(t: GgufTensor): Float32Array {
  const bytes = t.data.slice();
  return t.type === 'F32' ? new Float32Array(bytes.buffer) : float16ToFloat32(new Uint16Array(bytes.buffer));
}

/**
 * The file quantized to `type`: every 2-D tensor whose rows are whole 32-value blocks becomes
 * Q8_0 / Q4_0 (the output head and the embedding too, as `llama-quantize --pure` does); 1-D
 * tensors (norms) stay F32; `general.file_type` says the new type. The input must hold only F32
 * and F16 tensors.
 */
export function quantizeGguf(
  file: GgufFile,
  type: GgufQuantizeSettings['type'],
  where: string,
): { file: GgufFile; quantized: number; kept: number } {
  const target = TARGET[type];
  let quantized = 0;
  const tensors = file.tensors.map((t): GgufTensor => {
    if (t.type !== 'F32' && t.type !== 'F16') {
      throw new InputError(
        `${where}: tensor ${t.name} is already ${t.type}; gguf-quantize reads F32 or F16 files (quantize the original, not a quantized copy)`,
        'gguf-already-quantized',
      );
    }
    const values = floatsOf(t);
    if (t.dims.length < 2 || t.dims[0] % 32 !== 0) {
      return { ...t, type: 'F32', data: new Uint8Array(Float32Array.from(values).buffer) };
    }
    quantized++;
    const data = target === 'Q8_0' ? quantizeQ8_0(values) : quantizeQ4_0(values);
    if (data.length !== tensorBytes(target, t.dims)) throw new Error(`tensor ${t.name}: quantized to ${data.length} bytes`);
    return { ...t, type: target, data };
  });
  const metadata = new Map(file.metadata);
  metadata.set('general.file_type', { type: 'uint32', value: FILE_TYPE[target] });
  return { file: { metadata, tensors }, quantized, kept: tensors.length - quantized };
}

/** `gguf-quantize`: rewrites an F32/F16 GGUF file as Q8_0 or Q4_0 with ggml's reference block quantizers. */
export const ggufQuantize: FileMethod<GgufQuantizeSettings> = {
  ...ggufQuantizeSpec,
  async apply(input, settings, ctx) {
    const s = ggufQuantizeSettings.parse(settings);
    const start = performance.now();
    const src = readGguf(input);
    const { file, quantized, kept } = quantizeGguf(src, s.type, input);
    const path = join(ctx.outDir, `${basename(input).replace(/\.gguf$/i, '')}-${s.type}.gguf`);
    const fileBytes = writeGguf(path, file);
    const inputBytes = src.header.dataOffset + src.header.tensors.reduce((a, t) => a + (t.byteLength ?? 0), 0);
    ctx.log(`gguf-quantize: ${quantized} tensors to ${TARGET[s.type]}, ${kept} kept F32; ${fileBytes} bytes`);
    return {
      path,
      fileBytes,
      info: { type: s.type, quantizedTensors: quantized, f32Tensors: kept, inputBytes, compressMs: performance.now() - start },
    };
  },
};
