import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** What the engine passes to a kernel function. */
export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

/** The named inputs of a kernel call, each checked to be present. */
export function requireInputs<K extends string>(kernelName: string, args: KernelArgs, names: readonly K[]): Record<K, tf.TensorInfo> {
  const out = {} as Record<K, tf.TensorInfo>;
  for (const name of names) {
    const t = args.inputs[name];
    if (t === undefined) throw new Error(`${kernelName}: missing input '${name}'`);
    out[name] = t;
  }
  return out;
}

/** Padding of one spatial axis: rows added before and after (negative means cropped). */
export type AxisPad = readonly [before: number, after: number];

/**
 * Runs the wasm backend's own kernels from inside another kernel, the way the backend's kernels
 * compose each other: no engine, no tape, every intermediate freed when the body is done.
 */
export class WasmOps {
  private readonly made: tf.TensorInfo[] = [];

  constructor(readonly backend: BackendWasm) {}

  /** Runs the wasm kernel `kernelName` and remembers its output as an intermediate. */
  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    return this.runAll(kernelName, inputs, attrs)[0];
  }

  /** Like {@link run}, for kernels with several outputs; all of them become intermediates. */
  runAll(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo[] {
    const kernel = tf.getKernel(kernelName, 'wasm');
    if (kernel === undefined) {
      throw new Error(`wasm backend has no '${kernelName}' kernel; cannot compose a training kernel from it`);
    }
    return this.call(kernel.kernelFunc, inputs, attrs);
  }

  /** Runs a given kernel function (e.g. a stock kernel that has since been replaced). */
  call(kernelFunc: tf.KernelFunc, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo[] {
    const out = kernelFunc({ inputs, backend: this.backend, attrs });
    const infos = Array.isArray(out) ? out : [out];
    this.made.push(...infos);
    return infos;
  }

  /** Adopts a tensor made directly on the backend, so it is freed like the other intermediates. */
  own(x: tf.TensorInfo): tf.TensorInfo {
    this.made.push(x);
    return x;
  }

  /** Reshape (shares the buffer, no copy). */
  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** Transpose by `perm`. */
  transpose(x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Sum over one axis, dropping it. */
  sum(x: tf.TensorInfo, axis: number): tf.TensorInfo {
    return this.run('Sum', { x }, { axis: [axis], keepDims: false });
  }

  /**
   * Applies `[top, bottom]`/`[left, right]` to the H and W axes of an NHWC tensor: negative parts
   * are cropped here, and the non-negative rest is returned for the convolution to pad itself,
   * which costs no copy.
   */
  cropForPadding(x: tf.TensorInfo, h: AxisPad, w: AxisPad): { x: tf.TensorInfo; pad: tf.backend_util.ExplicitPadding } {
    const [n, rows, cols, c] = x.shape;
    const crop = (p: AxisPad): [number, number] => [Math.max(0, -p[0]), Math.max(0, -p[1])];
    const [ct, cb] = crop(h);
    const [cl, cr] = crop(w);
    const cropped =
      ct + cb + cl + cr === 0 ? x : this.run('Slice', { x }, { begin: [0, ct, cl, 0], size: [n, rows - ct - cb, cols - cl - cr, c] });
    const pad: tf.backend_util.ExplicitPadding = [
      [0, 0],
      [Math.max(0, h[0]), Math.max(0, h[1])],
      [Math.max(0, w[0]), Math.max(0, w[1])],
      [0, 0],
    ];
    return { x: cropped, pad };
  }

  /** Spreads the rows and columns of `x` (NHWC) `sh`/`sw` apart with zeros between them. */
  zeroStuff(x: tf.TensorInfo, sh: number, sw: number): tf.TensorInfo {
    if (sh === 1 && sw === 1) return x;
    const [n, h, w, c] = x.shape;
    const spread = this.reshape(x, [n, h, 1, w, 1, c]);
    const padded = this.run(
      'PadV2',
      { x: spread },
      {
        paddings: [
          [0, 0],
          [0, 0],
          [0, sh - 1],
          [0, 0],
          [0, sw - 1],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
    return this.reshape(padded, [n, h * sh, w * sw, c]);
  }

  /** Frees every intermediate except `keep` (the kernel's result, now owned by the engine). */
  release(keep?: tf.TensorInfo): void {
    for (const t of this.made) {
      if (t !== keep) this.backend.disposeData(t.dataId);
    }
    this.made.length = 0;
  }
}

/** Runs `body` with a fresh {@link WasmOps}; intermediates are freed even when `body` throws. */
export function withWasmOps(backend: unknown, body: (ops: WasmOps) => tf.TensorInfo): tf.TensorInfo {
  const ops = new WasmOps(backend as BackendWasm);
  let result: tf.TensorInfo | undefined;
  try {
    result = body(ops);
    return result;
  } finally {
    ops.release(result);
  }
}

/**
 * The padding `[before, after]` that makes a stride-`dilation`, dilation-`stride` correlation of
 * the input with the output gradient produce exactly `filterSize` taps: the window of input rows
 * that the forward convolution actually read.
 */
export function filterGradPad(
  inSize: number,
  padBefore: number,
  outSize: number,
  stride: number,
  filterSize: number,
  dilation: number,
): AxisPad {
  const needed = (outSize - 1) * stride + (filterSize - 1) * dilation + 1;
  return [padBefore, needed - inSize - padBefore];
}

/**
 * The padding `[before, after]` of a zero-stuffed output gradient (`stuffedSize` rows, from
 * {@link WasmOps.zeroStuff}) such that correlating it with the flipped filter gives exactly the
 * `inSize` rows of the input gradient: row i reads gradient rows i + pad − k·dilation for each
 * tap k. The stuffed rows' trailing zeros count against the after-padding.
 */
export function inputGradPad(inSize: number, padBefore: number, filterSize: number, dilation: number, stuffedSize: number): AxisPad {
  const reach = (filterSize - 1) * dilation;
  const before = reach - padBefore;
  return [before, inSize + reach - before - stuffedSize];
}
