import { float, int, type OnnxGraph } from './onnx-graph.js';

type Activation = (g: OnnxGraph, x: string, base: string) => string;

/** The tfjs activations by their serialised name, as ONNX nodes. */
export const activations = {
  linear: (_g, x) => x,
  relu: (g, x, b) => g.op('Relu', [x], {}, b),
  relu6: (g, x, b) => g.op('Clip', [x, g.constant(`${b}_lo`, [0], []), g.constant(`${b}_hi`, [6], [])], {}, b),
  elu: (g, x, b) => g.op('Elu', [x], { alpha: float(1) }, b),
  selu: (g, x, b) => g.op('Selu', [x], {}, b),
  sigmoid: (g, x, b) => g.op('Sigmoid', [x], {}, b),
  hardSigmoid: (g, x, b) => g.op('HardSigmoid', [x], { alpha: float(0.2), beta: float(0.5) }, b),
  tanh: (g, x, b) => g.op('Tanh', [x], {}, b),
  softmax: (g, x, b) => g.op('Softmax', [x], { axis: int(-1) }, b),
  logSoftmax: (g, x, b) => g.op('LogSoftmax', [x], { axis: int(-1) }, b),
  softplus: (g, x, b) => g.op('Softplus', [x], {}, b),
  softsign: (g, x, b) => g.op('Softsign', [x], {}, b),
  swish: (g, x, b) => g.op('Mul', [x, g.op('Sigmoid', [x], {}, `${b}_sigmoid`)], {}, b),
  mish: (g, x, b) => g.op('Mul', [x, g.op('Tanh', [g.op('Softplus', [x], {}, `${b}_softplus`)], {}, `${b}_tanh`)], {}, b),
  gelu: (g, x, b) => {
    const erf = g.op('Erf', [g.op('Mul', [x, g.constant(`${b}_rsqrt2`, [Math.SQRT1_2], [])], {}, `${b}_scaled`)], {}, `${b}_erf`);
    const half = g.op('Mul', [x, g.constant(`${b}_half`, [0.5], [])], {}, `${b}_half`);
    return g.op('Mul', [half, g.op('Add', [erf, g.constant(`${b}_one`, [1], [])], {}, `${b}_1p`)], {}, b);
  },
} satisfies Record<string, Activation>;

/** The activation of that serialised name, or undefined when ONNX export does not know it. */
export function activationOf(name: string): Activation | undefined {
  return Object.hasOwn(activations, name) ? activations[name as keyof typeof activations] : undefined;
}
