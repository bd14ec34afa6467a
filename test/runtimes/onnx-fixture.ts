import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/**
 * A 3 → 2 ONNX model `softmax(x · W)` with W = [[1, 0], [0, 1], [1, 1]]: for x = [1, 2, 3]
 * the logits are [4, 5]. Built with the ONNX schema, for runtime tests that need no exporter.
 */
export function tinyOnnx(): Uint8Array {
  const w = new Float32Array([1, 0, 0, 1, 1, 1]);
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'tiny',
      node: [
        { opType: 'MatMul', input: ['x', 'W'], output: ['logits'] },
        {
          opType: 'Softmax',
          input: ['logits'],
          output: ['y'],
          attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }],
        },
      ],
      initializer: [{ name: 'W', dims: [3, 2], dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(w.buffer) }],
      input: [
        {
          name: 'x',
          type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 3 }] } } },
        },
      ],
      output: [
        {
          name: 'y',
          type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 2 }] } } },
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** softmax([4, 5]) and softmax([0, 0]), the tiny model's outputs for rows [1, 2, 3] and [0, 0, 0]. */
export const TINY_EXPECTED = [1 / (1 + Math.E), Math.E / (1 + Math.E), 0.5, 0.5];
