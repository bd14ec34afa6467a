import * as tf from '@tensorflow/tfjs';

/** The base-layer options tfjs accepts (name, trainable, ...). */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];

const first = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => (Array.isArray(inputs) ? inputs[0] : inputs);
const firstShape = (s: Shape | Shape[]): Shape => (Array.isArray(s[0]) ? (s as Shape[])[0] : (s as Shape));
const normalInit = (seed: number, std: number) => tf.initializers.randomNormal({ mean: 0, stddev: std, seed });

/** Options of {@link TokenEmbedding}. */
export interface TokenEmbeddingArgs extends LayerArgs {
  vocabSize: number;
  dModel: number;
  seed: number;
}

/**
 * Token embedding `<layer>/embeddings` `[vocab, dModel]`. Applied to token ids `[batch, seq]` it
 * looks them up; applied to hidden states `[batch, seq, dModel]` it is the tied output head
 * (logits = h · Eᵀ). Reusing one layer object in both places shares the weight.
 */
export class TokenEmbedding extends tf.layers.Layer {
  /** Name under which the class is serialised. */
  static className = 'LlamaTokenEmbedding';
  private readonly vocabSize: number;
  private readonly dModel: number;
  private readonly seed: number;
  private table?: tf.LayerVariable;

  constructor(args: TokenEmbeddingArgs) {
    super(args);
    this.vocabSize = args.vocabSize;
    this.dModel = args.dModel;
    this.seed = args.seed;
  }

  override build(): void {
    this.table = this.addWeight('embeddings', [this.vocabSize, this.dModel], 'float32', normalInit(this.seed, 0.02));
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = firstShape(inputShape);
    return s.length === 2 ? [...s, this.dModel] : [...s.slice(0, -1), this.vocabSize];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs);
      const e = this.table!.read() as tf.Tensor2D;
      if (x.rank === 2) return tf.gather(e, tf.cast(x, 'int32'));
      const [b, t, d] = x.shape;
      return tf.reshape(tf.matMul(tf.reshape(x, [b * t, d]) as tf.Tensor2D, e, false, true), [b, t, this.vocabSize]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), vocabSize: this.vocabSize, dModel: this.dModel, seed: this.seed };
  }
}

/** Options of {@link RmsNorm}. */
export interface RmsNormArgs extends LayerArgs {
  epsilon: number;
}

/** RMSNorm over the last axis as llama.cpp computes it: `x / sqrt(mean(x²) + eps) * weight`. */
export class RmsNorm extends tf.layers.Layer {
  /** Name under which the class is serialised. */
  static className = 'LlamaRmsNorm';
  private readonly epsilon: number;
  private weight?: tf.LayerVariable;

  constructor(args: RmsNormArgs) {
    super(args);
    this.epsilon = args.epsilon;
  }

  override build(inputShape: Shape | Shape[]): void {
    this.weight = this.addWeight('weight', [firstShape(inputShape).at(-1)!], 'float32', tf.initializers.ones());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return firstShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs);
      return tf.mul(tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), this.epsilon))), this.weight!.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

/** Options of {@link SwiGlu}. */
export interface SwiGluArgs extends LayerArgs {
  ffDim: number;
  seed: number;
}

/** SwiGLU feed-forward: `down(silu(x · gate) * (x · up))`, kernels `[in, out]` without biases. */
export class SwiGlu extends tf.layers.Layer {
  /** Name under which the class is serialised. */
  static className = 'LlamaSwiGlu';
  private readonly ffDim: number;
  private readonly seed: number;
  private readonly w: Record<string, tf.LayerVariable> = {};

  constructor(args: SwiGluArgs) {
    super(args);
    this.ffDim = args.ffDim;
    this.seed = args.seed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const d = firstShape(inputShape).at(-1)!;
    this.w.gate = this.addWeight('gate/kernel', [d, this.ffDim], 'float32', normalInit(this.seed + 1, 0.02));
    this.w.up = this.addWeight('up/kernel', [d, this.ffDim], 'float32', normalInit(this.seed + 2, 0.02));
    this.w.down = this.addWeight('down/kernel', [this.ffDim, d], 'float32', normalInit(this.seed + 3, 0.02));
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return firstShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs);
      const [b, t, d] = x.shape;
      const rows = tf.reshape(x, [b * t, d]) as tf.Tensor2D;
      const gate = tf.matMul(rows, this.w.gate.read() as tf.Tensor2D);
      const hidden = tf.mul(tf.mul(gate, tf.sigmoid(gate)), tf.matMul(rows, this.w.up.read() as tf.Tensor2D));
      return tf.reshape(tf.matMul(hidden, this.w.down.read() as tf.Tensor2D), [b, t, d]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ffDim: this.ffDim, seed: this.seed };
  }
}
