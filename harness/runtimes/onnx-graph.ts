import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type DataType = 'float' | 'float16' | 'int64' | 'int8' | 'uint8' | 'int32';
/** A decoded ONNX model (the protobuf message). */
export type ModelProto = ReturnType<typeof onnx.ModelProto.decode>;

/** ONNX opset the exporter writes (LayerNormalization is in it since 17). */
export const OPSET = 17;
/** ONNX IR version that goes with opset 17. */
const IR_VERSION = 8;

const DATA_TYPES: Record<DataType, number> = {
  float: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  int64: onnx.TensorProto.DataType.INT64,
  int8: onnx.TensorProto.DataType.INT8,
  uint8: onnx.TensorProto.DataType.UINT8,
  int32: onnx.TensorProto.DataType.INT32,
};

/** A node attribute value, tagged with its ONNX type. */
export type Attr = { i: number } | { f: number } | { ints: number[] } | { floats: number[] } | { s: string };
export const int = (i: number): Attr => ({ i });
export const float = (f: number): Attr => ({ f });
export const ints = (v: number[]): Attr => ({ ints: v });

/** One node of a graph under construction. */
export interface GraphNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, Attr>;
  domain?: string;
  /** Attributes of an imported node that {@link Attr} cannot hold (tensors, graphs), passed through as decoded. */
  rawAttrs?: unknown[];
}

/** A constant tensor of a graph under construction. */
export interface Initializer {
  type: DataType;
  dims: number[];
  values: Float32Array | BigInt64Array | Int8Array | Uint8Array | Int32Array | Uint16Array;
  /** An imported tensor of a type the passes do not read, written back exactly as decoded. */
  proto?: unknown;
}

/**
 * A graph under construction as plain data, so that passes (weight quantization, truncation)
 * can rewrite it before it is encoded with the ONNX protobuf schema.
 */
export class OnnxGraph {
  readonly nodes: GraphNode[] = [];
  readonly initializers = new Map<string, Initializer>();
  private readonly used = new Set<string>();
  input = { name: 'input', dims: [] as number[] };
  outputs: string[] = [];
  /**
   * The model this graph was imported from: encoding then keeps its IR version, opsets, metadata,
   * inputs and output types, and replaces only the nodes and initializers.
   */
  base?: ModelProto;

  /** A value name not used before, built from `base`. */
  fresh(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_./-]+/g, '_') || 'v';
    let name = clean;
    for (let i = 1; this.used.has(name); i++) name = `${clean}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Adds a float32 constant and returns its name. */
  constant(base: string, values: ArrayLike<number>, dims: number[]): string {
    return this.tensor(base, { type: 'float', dims, values: Float32Array.from(values) });
  }

  /** Adds an int64 constant (shapes, axes, indices) and returns its name. */
  int64(base: string, values: number[], dims: number[] = [values.length]): string {
    return this.tensor(base, { type: 'int64', dims, values: BigInt64Array.from(values.map(BigInt)) });
  }

  /** Adds a constant of any supported type and returns its name. */
  tensor(base: string, init: Initializer): string {
    const name = this.fresh(base);
    this.initializers.set(name, init);
    return name;
  }

  /** Appends a node with one output (named after `base`) and returns the output's name. */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, base = opType, domain?: string): string {
    const out = this.fresh(base);
    this.nodes.push({ opType, inputs, outputs: [out], attrs, ...(domain ? { domain } : {}) });
    return out;
  }

  /** Appends a node whose output has a given name (a pass that replaces a node keeps its output). */
  opNamed(opType: string, inputs: string[], output: string, attrs: Record<string, Attr> = {}): string {
    this.nodes.push({ opType, inputs, outputs: [output], attrs });
    return output;
  }

  /**
   * Rebuilds the node list in order: `replace` gets each node and either appends its replacement
   * with `op` (returning true) or leaves it (false), so replacements stay topologically sorted.
   */
  rewrite(replace: (node: GraphNode) => boolean): void {
    for (const n of this.nodes.splice(0)) if (!replace(n)) this.nodes.push(n);
  }

  /** Appends a node with several outputs and returns their names. */
  opMulti(opType: string, inputs: string[], outputs: number, attrs: Record<string, Attr> = {}, base = opType): string[] {
    const outs = Array.from({ length: outputs }, (_, i) => this.fresh(`${base}_${i}`));
    this.nodes.push({ opType, inputs, outputs: outs, attrs });
    return outs;
  }

  /** Drops the nodes and constants no output depends on (after truncating to inner outputs). */
  prune(): void {
    const needed = new Set(this.outputs);
    const kept: GraphNode[] = [];
    for (const n of [...this.nodes].reverse()) {
      if (!n.outputs.some((o) => needed.has(o))) continue;
      kept.push(n);
      for (const i of n.inputs) needed.add(i);
    }
    this.nodes.splice(0, this.nodes.length, ...kept.reverse());
    for (const name of [...this.initializers.keys()]) if (!needed.has(name)) this.initializers.delete(name);
  }

  /** The graph as ONNX model bytes: one float input `[batch, ...dims]`, float outputs. */
  encode(producer: string): Uint8Array {
    const attribute = (name: string, a: Attr) => {
      const T = onnx.AttributeProto.AttributeType;
      if ('i' in a) return { name, type: T.INT, i: a.i };
      if ('f' in a) return { name, type: T.FLOAT, f: a.f };
      if ('ints' in a) return { name, type: T.INTS, ints: a.ints };
      if ('floats' in a) return { name, type: T.FLOATS, floats: a.floats };
      return { name, type: T.STRING, s: new TextEncoder().encode(a.s) };
    };
    const domains = new Set(this.nodes.map((n) => n.domain).filter((d): d is string => d !== undefined));
    const node = this.nodes.map((n, k) => ({
      name: `${n.opType}_${k}`,
      opType: n.opType,
      input: n.inputs,
      output: n.outputs,
      attribute: [...Object.entries(n.attrs).map(([name, a]) => attribute(name, a)), ...((n.rawAttrs ?? []) as object[])],
      ...(n.domain ? { domain: n.domain } : {}),
    }));
    const initializer = [...this.initializers].map(([name, t]) =>
      t.proto
        ? { ...(t.proto as object), name }
        : {
            name,
            dims: t.dims,
            dataType: DATA_TYPES[t.type],
            rawData: new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength),
          },
    );
    if (this.base) return this.encodeOnBase(this.base, node, initializer, domains);
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: producer,
      opsetImport: [{ domain: '', version: OPSET }, ...[...domains].map((domain) => ({ domain, version: 1 }))],
      graph: {
        name: 'main',
        node,
        initializer,
        input: [
          {
            name: this.input.name,
            type: {
              tensorType: {
                elemType: DATA_TYPES.float,
                shape: { dim: [{ dimParam: 'batch' }, ...this.input.dims.map((d) => ({ dimValue: d }))] },
              },
            },
          },
        ],
        output: this.outputs.map((name) => ({ name, type: { tensorType: { elemType: DATA_TYPES.float } } })),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private encodeOnBase(base: ModelProto, node: object[], initializer: object[], domains: Set<string>): Uint8Array {
    // protobufjs fills repeated fields of decoded messages with arrays.
    const graph = base.graph as unknown as { input: { name: string }[]; output: { name: string }[]; initializer: { name: string }[] };
    const produced = new Set(this.nodes.flatMap((n) => n.outputs));
    const baseOutputs = new Map(graph.output.map((o) => [o.name, o]));
    const opsets = [...base.opsetImport];
    for (const domain of domains)
      if (!opsets.some((o) => (o.domain ?? '') === domain)) opsets.push(onnx.OperatorSetIdProto.create({ domain, version: 1 }));
    const model = onnx.ModelProto.create({
      ...base,
      opsetImport: opsets,
      graph: {
        ...graph,
        node,
        initializer,
        // Old exporters list initializers among the inputs; a rewritten weight is a node output now.
        input: graph.input.filter((i) => !produced.has(i.name) && (this.initializers.has(i.name) || !isInitializerOf(graph, i.name))),
        output: this.outputs.map((name) => baseOutputs.get(name) ?? { name, type: { tensorType: { elemType: DATA_TYPES.float } } }),
        // Shapes of inner values are optional hints; after a rewrite some name values that are gone.
        valueInfo: [],
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function isInitializerOf(graph: { initializer: { name: string }[] }, name: string): boolean {
  return graph.initializer.some((t) => t.name === name);
}

/** Decodes ONNX model bytes (throws on bytes that are not a ModelProto). */
export function decodeOnnx(bytes: Uint8Array): ReturnType<typeof onnx.ModelProto.decode> {
  return onnx.ModelProto.decode(bytes);
}
