import { InputError } from '../errors.js';
import { applyActivation } from './onnx-export-core.js';
import { int, ints, type Attr } from './onnx-graph.js';
import type { LayerExport, LayerExporter } from './onnx-export-types.js';

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];
const pair = (v: unknown, fallback: number): number[] =>
  v == null ? [fallback, fallback] : Array.isArray(v) ? v.map(Number) : [Number(v), Number(v)];

/**
 * The graph keeps tfjs's NHWC layout (so Flatten and Dense see tfjs's order); ONNX convolutions
 * and pools are NCHW, so each one is wrapped in a pair of transposes, which onnxruntime's
 * layout optimiser cancels between consecutive spatial ops.
 */
function nchw(x: LayerExport, body: (input: string) => string): string {
  if (x.config.dataFormat === 'channelsFirst') {
    throw new InputError(
      `layer '${x.layer.name}' (${x.layer.getClassName()}): channelsFirst data has no ONNX export here; use the default channelsLast`,
      'onnx-unexportable',
    );
  }
  const t = x.g.op('Transpose', [x.inputs[0]], { perm: ints(TO_NCHW) }, `${x.layer.name}_nchw`);
  return x.g.op('Transpose', [body(t)], { perm: ints(TO_NHWC) }, `${x.layer.name}_nhwc`);
}

/** tfjs's `same` padding puts the odd pixel at the end, which is ONNX's SAME_UPPER. */
function spatialAttrs(x: LayerExport, kernel: number[]): Record<string, Attr> {
  const padding = String(x.config.padding ?? 'valid');
  if (padding === 'causal')
    throw new InputError(`layer '${x.layer.name}' (${x.layer.getClassName()}): causal padding has no ONNX export`, 'onnx-unexportable');
  return {
    kernel_shape: ints(kernel),
    strides: ints(pair(x.config.strides, 1)),
    auto_pad: { s: padding === 'same' ? 'SAME_UPPER' : 'VALID' },
  };
}

const conv2d: LayerExporter = (x) => {
  const k = x.weight('kernel');
  const [kh, kw, cin, cout] = k.dims;
  // tfjs kernels are [kh, kw, in, out]; ONNX wants [out, in, kh, kw].
  const w = new Float32Array(k.values.length);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let c = 0; c < cin; c++)
        for (let o = 0; o < cout; o++) w[((o * cin + c) * kh + i) * kw + j] = k.values[((i * kw + j) * cin + c) * cout + o];
  const inputs = [x.g.constant(`${x.layer.name}_kernel`, w, [cout, cin, kh, kw])];
  const b = x.maybeWeight('bias');
  if (b) inputs.push(x.g.constant(`${x.layer.name}_bias`, b.values, [cout]));
  const attrs = { ...spatialAttrs(x, [kh, kw]), dilations: ints(pair(x.config.dilationRate, 1)) };
  return applyActivation(
    x,
    nchw(x, (t) => x.g.op('Conv', [t, ...inputs], attrs, `${x.layer.name}_conv`)),
  );
};

const depthwiseConv2d: LayerExporter = (x) => {
  const k = x.weight('depthwise_kernel');
  const [kh, kw, cin, mult] = k.dims;
  // tfjs output channel c·mult + m reads input channel c, which is ONNX's grouping with group = in.
  const w = new Float32Array(k.values.length);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let c = 0; c < cin; c++)
        for (let m = 0; m < mult; m++) w[((c * mult + m) * kh + i) * kw + j] = k.values[((i * kw + j) * cin + c) * mult + m];
  const inputs = [x.g.constant(`${x.layer.name}_kernel`, w, [cin * mult, 1, kh, kw])];
  const b = x.maybeWeight('bias');
  if (b) inputs.push(x.g.constant(`${x.layer.name}_bias`, b.values, [cin * mult]));
  const attrs = { ...spatialAttrs(x, [kh, kw]), dilations: ints(pair(x.config.dilationRate, 1)), group: int(cin) };
  return applyActivation(
    x,
    nchw(x, (t) => x.g.op('Conv', [t, ...inputs], attrs, `${x.layer.name}_conv`)),
  );
};

const pool =
  (opType: 'MaxPool' | 'AveragePool'): LayerExporter =>
  (x) => {
    const size = pair(x.config.poolSize, 2);
    const attrs = { ...spatialAttrs(x, size), strides: ints(pair(x.config.strides ?? x.config.poolSize, 2)) };
    return nchw(x, (t) => x.g.op(opType, [t], attrs, `${x.layer.name}_pool`));
  };

const globalPool =
  (opType: 'ReduceMean' | 'ReduceMax', axes: number[]): LayerExporter =>
  (x) =>
    x.g.op(opType, [x.inputs[0]], { axes: ints(axes), keepdims: int(0) }, x.layer.name);

/** Exporters of convolutions and pools, by tfjs class name. */
export const convExporters = {
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  MaxPooling2D: pool('MaxPool'),
  AveragePooling2D: pool('AveragePool'),
  GlobalAveragePooling2D: globalPool('ReduceMean', [1, 2]),
  GlobalMaxPooling2D: globalPool('ReduceMax', [1, 2]),
  GlobalAveragePooling1D: globalPool('ReduceMean', [1]),
  GlobalMaxPooling1D: globalPool('ReduceMax', [1]),
} satisfies Record<string, LayerExporter>;
