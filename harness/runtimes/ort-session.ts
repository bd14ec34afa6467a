import { timeInterleavedAsync, type PairedTimes, type ProtocolSettings } from '../measure/speed-protocol.js';
import type { LoadedModel } from './types.js';

/** The part of an onnxruntime tensor the harness uses (onnxruntime-node and -web share it). */
interface OrtTensor {
  readonly data: unknown;
  dispose?(): void;
}

/** The part of an onnxruntime InferenceSession the harness uses. */
export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

/** The constructor of onnxruntime float32 tensors. */
export type OrtTensorCtor = new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;

/**
 * A loaded ONNX session as a {@link LoadedModel}: one float32 input `[batch, ...inputShape]`,
 * the first output read back as probabilities. The input tensor of the last call is kept, so
 * timing the same batch again measures the session, not the wrapping of the input.
 */
export async function ortLoadedModel(create: () => Promise<OrtSession>, Tensor: OrtTensorCtor, inputShape: number[]): Promise<LoadedModel> {
  const t0 = performance.now();
  const session = await create();
  const rowSize = inputShape.reduce((a, b) => a * b, 1);
  let last: { rows: Float32Array; batch: number; tensor: OrtTensor } | undefined;
  const input = (rows: Float32Array, batch: number): OrtTensor => {
    if (last?.rows !== rows || last.batch !== batch) {
      if (rows.length < batch * rowSize) throw new Error(`predict: ${rows.length} values hold fewer than ${batch} rows of ${rowSize}`);
      // onnxruntime-node rejects views of a SharedArrayBuffer (worker threads share the dataset so), hence the copy.
      const own = rows.buffer instanceof SharedArrayBuffer ? rows.slice(0, batch * rowSize) : rows.subarray(0, batch * rowSize);
      last = { rows, batch, tensor: new Tensor('float32', own, [batch, ...inputShape]) };
    }
    return last.tensor;
  };
  const predict = async (rows: Float32Array, batch: number): Promise<Float32Array> => {
    const out = await session.run({ [session.inputNames[0]]: input(rows, batch) });
    const y = out[session.outputNames[0]];
    const data = Float32Array.from(y.data as Float32Array);
    for (const t of Object.values(out)) t.dispose?.();
    return data;
  };
  await predict(new Float32Array(rowSize), 1);
  const loadMs = performance.now() - t0;
  return { predict, loadMs, dispose: () => session.release() };
}

/** Times two models of an onnxruntime runtime with the async interleaved protocol. */
export function timeOrtPair(
  a: LoadedModel,
  b: LoadedModel,
  rows: Float32Array,
  batch: number,
  protocol: ProtocolSettings,
  probe?: () => void,
): Promise<PairedTimes> {
  return timeInterleavedAsync(
    () => a.predict(rows, batch),
    () => b.predict(rows, batch),
    protocol,
    probe,
  );
}
