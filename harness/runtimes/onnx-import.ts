import onnxProto from 'onnx-proto';
import { InputError } from '../errors.js';
import { OnnxGraph, decodeOnnx, type Attr, type Initializer, type ModelProto } from './onnx-graph.js';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;
const A = onnx.AttributeProto.AttributeType;

// Decoded messages as they are read here: repeated fields always arrays (protobufjs fills them), ints as number or Long.
interface TensorProto {
  name: string;
  dims: unknown[];
  dataType: number;
  rawData?: Uint8Array;
  floatData: number[];
  int32Data: number[];
  int64Data: unknown[];
  dataLocation?: number;
}
interface AttributeProto {
  name: string;
  type: number;
  i?: unknown;
  f: number;
  ints: unknown[];
  floats: number[];
  s: Uint8Array;
  t?: TensorProto;
}
interface NodeProto {
  opType: string;
  input: string[];
  output: string[];
  attribute: AttributeProto[];
  domain?: string;
}
interface GraphProto {
  node: NodeProto[];
  initializer: TensorProto[];
  input: { name: string }[];
  output: { name: string }[];
}
const graphOf = (model: ModelProto): GraphProto => model.graph as unknown as GraphProto;

const fix = 're-export it from its framework (e.g. torch.onnx.export) or point model.path at the right file';

/**
 * Decodes the bytes of an `.onnx` file into a ModelProto, or an InputError naming `path`: bytes
 * that do not decode (truncated, corrupt, another format) and a model without a graph or nodes.
 */
export function decodeOnnxFile(bytes: Uint8Array, path: string): ModelProto {
  let model: ModelProto;
  try {
    model = decodeOnnx(bytes);
  } catch (err) {
    throw new InputError(
      `${path}: not a readable ONNX model (${(err as Error).message}); the file is truncated, corrupt or not ONNX — ${fix}`,
      'onnx-bad-model',
    );
  }
  const graph = model.graph ? graphOf(model) : undefined;
  const nodes = graph?.node.length ?? 0;
  if (Number(model.irVersion ?? 0) <= 0 || nodes === 0 || (graph?.output.length ?? 0) === 0)
    throw new InputError(
      `${path}: not an ONNX model (it decodes to ${nodes} nodes, IR version ${Number(model.irVersion ?? 0)}, no graph outputs); ${fix}`,
      'onnx-bad-model',
    );
  return model;
}

/** The graph inputs of a model that are fed at run time (old exporters also list initializers as inputs). */
export function feedInputs(model: ModelProto): { name: string }[] {
  const graph = graphOf(model);
  const constants = new Set(graph.initializer.map((t) => t.name));
  return graph.input.filter((i) => !constants.has(i.name));
}

/**
 * An imported ONNX model as an {@link OnnxGraph} whose passes (weight rewrites, integer
 * quantization) see its nodes and tensors: float, float16 and integer initializers decoded (raw
 * or typed fields), float Constant nodes turned into initializers, attributes the graph type
 * cannot hold kept as decoded. Encoding keeps everything else of the file. `inputShape` is the
 * per-row shape of the data it is fed.
 */
export function importOnnx(model: ModelProto, path: string, inputShape: number[]): OnnxGraph {
  const graph = graphOf(model);
  const g = new OnnxGraph();
  g.base = model;
  for (const t of graph.initializer) g.initializers.set(t.name, decodeTensor(t, path));
  for (const n of graph.node) {
    const value = n.opType === 'Constant' && n.attribute.length === 1 && n.attribute[0].name === 'value' ? n.attribute[0].t : undefined;
    if (value && value.dataType === T.FLOAT) {
      g.initializers.set(n.output[0], decodeTensor(value, path));
      continue;
    }
    const attrs: Record<string, Attr> = {};
    const rawAttrs: unknown[] = [];
    for (const a of n.attribute) {
      const v = plainAttr(a);
      if (v) attrs[a.name] = v;
      else rawAttrs.push(a);
    }
    g.nodes.push({
      opType: n.opType,
      inputs: [...n.input],
      outputs: [...n.output],
      attrs,
      ...(n.domain ? { domain: n.domain } : {}),
      ...(rawAttrs.length ? { rawAttrs } : {}),
    });
  }
  for (const name of [...graph.input.map((i) => i.name), ...graph.output.map((o) => o.name), ...g.initializers.keys()]) g.fresh(name);
  for (const n of g.nodes) n.outputs.forEach((o) => g.fresh(o));
  const inputs = feedInputs(model);
  g.input = { name: inputs[0]?.name ?? 'input', dims: inputShape };
  g.outputs = graph.output.map((o) => o.name);
  return g;
}

function plainAttr(a: AttributeProto): Attr | undefined {
  switch (a.type) {
    case A.INT:
      return { i: Number(a.i) };
    case A.FLOAT:
      return { f: a.f };
    case A.INTS:
      return { ints: a.ints.map(Number) };
    case A.FLOATS:
      return { floats: [...a.floats] };
    case A.STRING:
      return { s: new TextDecoder().decode(a.s) };
    default:
      return undefined;
  }
}

/** The values of a tensor, copied out of the file's buffer (whose offsets need not be aligned). */
function decodeTensor(t: TensorProto, path: string): Initializer {
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL)
    throw new InputError(
      `${path}: initializer '${t.name}' keeps its data in an external file; slimbench reads self-contained .onnx files — save the model with all tensors inside (onnx.save(model, path, save_as_external_data=False))`,
      'onnx-external-data',
    );
  const dims = t.dims.map(Number);
  const raw = t.rawData && t.rawData.length > 0 ? Uint8Array.from(t.rawData).buffer : undefined;
  switch (t.dataType) {
    case T.FLOAT:
      return { type: 'float', dims, values: raw ? new Float32Array(raw) : Float32Array.from(t.floatData) };
    case T.FLOAT16:
      return { type: 'float16', dims, values: raw ? new Uint16Array(raw) : Uint16Array.from(t.int32Data) };
    case T.INT64:
      return { type: 'int64', dims, values: raw ? new BigInt64Array(raw) : BigInt64Array.from(t.int64Data.map((v) => BigInt(String(v)))) };
    case T.INT32:
      return { type: 'int32', dims, values: raw ? new Int32Array(raw) : Int32Array.from(t.int32Data) };
    case T.INT8:
      return { type: 'int8', dims, values: raw ? new Int8Array(raw) : Int8Array.from(t.int32Data) };
    case T.UINT8:
      return { type: 'uint8', dims, values: raw ? new Uint8Array(raw) : Uint8Array.from(t.int32Data) };
    default:
      return { type: 'uint8', dims, values: new Uint8Array(0), proto: t };
  }
}
