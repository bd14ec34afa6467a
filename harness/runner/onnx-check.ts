import { runtimes } from '../runtimes/index.js';
import { readOnnxFile } from '../runtimes/load-errors.js';
import { decodeOnnxFile, feedInputs } from '../runtimes/onnx-import.js';

interface ValueInfo {
  name: string;
  type?: { tensorType?: { shape?: { dim?: { dimValue?: unknown; dimParam?: string }[] } } };
}

/**
 * The interface of the ONNX file at `path`, from its protobuf: how many inputs it is fed and
 * outputs it gives, and the per-row shape of its first input (a symbolic or unset dimension as
 * null). A file that does not decode is an InputError naming it.
 */
export function onnxInterface(path: string): { inputs: number; outputs: number; input: (number | null)[] } {
  const model = decodeOnnxFile(readOnnxFile(path), path);
  const inputs = feedInputs(model) as ValueInfo[];
  const dims = inputs[0]?.type?.tensorType?.shape?.dim ?? [];
  const input = dims.slice(1).map((d) => {
    const v = d.dimValue === undefined || d.dimValue === null ? 0 : Number(d.dimValue);
    return v > 0 ? v : null;
  });
  return { inputs: inputs.length, outputs: (model.graph?.output ?? []).length, input };
}

/** The width of the first output of the ONNX file at `path` on one zero row, from an onnxruntime-node session. */
export async function onnxOutputSize(path: string, inputShape: number[]): Promise<number> {
  const model = await runtimes.onnxruntime.load({ format: 'onnx', path }, { threads: 1, inputShape });
  try {
    return (await model.predict(new Float32Array(inputShape.reduce((a, b) => a * b, 1)), 1)).length;
  } finally {
    await model.dispose();
  }
}
