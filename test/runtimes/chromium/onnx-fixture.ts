import { writeFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** A `[batch, width]` float input or output of a graph. */
function floatRows(name: string, width: number): InstanceType<typeof onnx.ValueInfoProto> {
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } },
  });
}

/**
 * Writes a one-layer classifier as ONNX (opset 17): `softmax(x · kernel + bias)`, a MatMul, an
 * Add and a Softmax, with `kernel` (`[inputs][outputs]`) and `bias` as initializers.
 */
export function writeDenseSoftmaxOnnx(path: string, kernel: number[][], bias: number[]): void {
  const inputs = kernel.length;
  const outputs = bias.length;
  const graph = onnx.GraphProto.create({
    name: 'dense_softmax',
    input: [floatRows('x', inputs)],
    output: [floatRows('probs', outputs)],
    initializer: [
      onnx.TensorProto.create({
        name: 'kernel',
        dims: [inputs, outputs],
        dataType: onnx.TensorProto.DataType.FLOAT,
        floatData: kernel.flat(),
      }),
      onnx.TensorProto.create({ name: 'bias', dims: [outputs], dataType: onnx.TensorProto.DataType.FLOAT, floatData: bias }),
    ],
    node: [
      onnx.NodeProto.create({ opType: 'MatMul', input: ['x', 'kernel'], output: ['logits0'], name: 'matmul' }),
      onnx.NodeProto.create({ opType: 'Add', input: ['logits0', 'bias'], output: ['logits'], name: 'add' }),
      onnx.NodeProto.create({
        opType: 'Softmax',
        input: ['logits'],
        output: ['probs'],
        name: 'softmax',
        attribute: [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 })],
      }),
    ],
  });
  const model = onnx.ModelProto.create({ irVersion: 8, producerName: 'slimbench-test', opsetImport: [{ domain: '', version: 17 }], graph });
  writeFileSync(path, onnx.ModelProto.encode(model).finish());
}
