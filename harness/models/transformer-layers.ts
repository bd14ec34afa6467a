import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/random.js';

/** The base-layer options tfjs accepts (name, trainable, inputShape, ...). */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];

const shapesOf = (inputShape: Shape | Shape[]): Shape[] => (Array.isArray(inputShape[0]) ? (inputShape as Shape[]) : [inputShape as Shape]);
const tensorsOf = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(inputs) ? inputs : [inputs]);
const uniform = (seed: number | undefined) => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed });

const seedConfig = (seed: number | undefined): tf.serialization.ConfigDict => (seed === undefined ? {} : { seed });

/** 1 for real tokens and 0 for padding (id 0), shaped `[batch, seqLen]`. */
function tokenMask(ids: tf.Tensor): tf.Tensor {
  return tf.cast(tf.notEqual(ids, 0), 'float32');
}

/** Options of {@link PositionEmbedding}. */
export interface PositionEmbeddingArgs extends LayerArgs {
  /** Seed of the weight initializer. */
  seed?: number;
}

/**
 * Adds a learned vector per position to `[batch, seqLen, dModel]` inputs; the weight is
 * `<layer>/embeddings` of shape `[seqLen, dModel]`.
 */
export class PositionEmbedding extends tf.layers.Layer {
  /** Name under which the class is serialised. */
  static className = 'PositionEmbedding';
  private readonly seed?: number;
  private embeddings?: tf.LayerVariable;

  constructor(args: PositionEmbeddingArgs = {}) {
    super(args);
    this.seed = args.seed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const [, len, dim] = shapesOf(inputShape)[0];
    if (len == null || dim == null) throw new Error('PositionEmbedding needs a fixed sequence length and width');
    this.embeddings = this.addWeight('embeddings', [len, dim], 'float32', uniform(this.seed));
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return shapesOf(inputShape)[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.add(tensorsOf(inputs)[0], this.embeddings!.read()));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...seedConfig(this.seed) };
  }
}

/** Options of {@link MultiHeadSelfAttention}. */
export interface MultiHeadSelfAttentionArgs extends LayerArgs {
  /** Number of heads; must divide the input width. */
  heads: number;
  /** Seed of the projection initializers (each projection derives its own). */
  seed?: number;
}

/**
 * Multi-head scaled dot-product self-attention over `[batch, seqLen, dModel]`. Its projections
 * are ordinary Dense-style weights `<layer>/{query,key,value,output}/kernel` (`[dModel, dModel]`)
 * and `.../bias`. Given a second input (the token ids, `[batch, seqLen]`), keys at padding
 * (id 0) get no attention.
 */
export class MultiHeadSelfAttention extends tf.layers.Layer {
  /** Name under which the class is serialised. */
  static className = 'MultiHeadSelfAttention';
  private readonly heads: number;
  private readonly seed?: number;
  private readonly w: Record<string, tf.LayerVariable> = {};

  constructor(args: MultiHeadSelfAttentionArgs) {
    super(args);
    this.heads = args.heads;
    this.seed = args.seed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const dim = shapesOf(inputShape)[0][2];
    if (dim == null || dim % this.heads !== 0)
      throw new Error(`MultiHeadSelfAttention: width ${dim} is not divisible by ${this.heads} heads`);
    for (const p of ['query', 'key', 'value', 'output']) {
      const seed = this.seed === undefined ? undefined : Rng.derive(this.seed, p);
      this.w[`${p}/kernel`] = this.addWeight(`${p}/kernel`, [dim, dim], 'float32', tf.initializers.glorotUniform({ seed }));
      this.w[`${p}/bias`] = this.addWeight(`${p}/bias`, [dim], 'float32', tf.initializers.zeros());
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return shapesOf(inputShape)[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, ids] = tensorsOf(inputs);
      const [batch, len, dim] = x.shape;
      const dk = dim / this.heads;
      const flat = tf.reshape(x, [batch * len, dim]);
      const project = (p: string, rows: tf.Tensor): tf.Tensor =>
        tf.add(tf.matMul(rows as tf.Tensor2D, this.w[`${p}/kernel`].read() as tf.Tensor2D), this.w[`${p}/bias`].read());
      const split = (t: tf.Tensor): tf.Tensor => tf.transpose(tf.reshape(t, [batch, len, this.heads, dk]), [0, 2, 1, 3]);
      const q = split(project('query', flat));
      const k = split(project('key', flat));
      const v = split(project('value', flat));
      let scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dk));
      if (ids) scores = tf.add(scores, tf.reshape(tf.mul(tf.sub(1, tokenMask(ids)), -1e9), [batch, 1, 1, len]));
      const mixed = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), v), [0, 2, 1, 3]), [batch * len, dim]);
      return tf.reshape(project('output', mixed), [batch, len, dim]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, ...seedConfig(this.seed) };
  }
}

/** Options of {@link SequencePool}. */
export interface SequencePoolArgs extends LayerArgs {
  /** `mean` over positions, the `first` position's vector, or the `last` real token's vector. */
  mode: 'mean' | 'first' | 'last';
}

/**
 * Reduces `[batch, seqLen, dModel]` to `[batch, dModel]`. With a second input (token ids), the
 * mean skips padding positions and `last` is the position before the padding (rows are padded
 * on the right); without it, `last` is the final position.
 */
export class SequencePool extends tf.layers.Layer {
  /** Name under which the class is serialised. */
  static className = 'SequencePool';
  private readonly mode: 'mean' | 'first' | 'last';

  constructor(args: SequencePoolArgs) {
    super(args);
    this.mode = args.mode;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, , dim] = shapesOf(inputShape)[0];
    return [batch, dim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, ids] = tensorsOf(inputs);
      const [batch, len, dim] = x.shape;
      const at = (pos: number): tf.Tensor => tf.reshape(tf.slice(x, [0, pos, 0], [batch, 1, dim]), [batch, dim]);
      if (this.mode === 'first') return at(0);
      if (!ids) return this.mode === 'last' ? at(len - 1) : tf.mean(x, 1);
      const mask = tokenMask(ids);
      if (this.mode === 'last') {
        const last = tf.cast(tf.maximum(tf.sub(tf.sum(mask, 1), 1), 0), 'int32') as tf.Tensor1D;
        return tf.sum(tf.mul(x, tf.reshape(tf.oneHot(last, len), [batch, len, 1])), 1);
      }
      const m = tf.reshape(mask, [batch, len, 1]);
      return tf.div(tf.sum(tf.mul(x, m), 1), tf.maximum(tf.sum(m, 1), 1));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}

/** Options of {@link LayerNorm}. */
export interface LayerNormArgs extends LayerArgs {
  /** Added to the variance before the square root. */
  epsilon?: number;
}

/**
 * Layer normalisation over the last axis with weights `<layer>/gamma` and `<layer>/beta`.
 * tfjs's own LayerNormalization tiles gamma and beta to the input's shape, and the gradient of
 * that tile is one slice per position (thousands of kernel calls per step); this one broadcasts.
 */
export class LayerNorm extends tf.layers.Layer {
  /** Name under which the class is serialised. */
  static className = 'LayerNorm';
  private readonly epsilon: number;
  private gamma?: tf.LayerVariable;
  private beta?: tf.LayerVariable;

  constructor(args: LayerNormArgs = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-6;
  }

  override build(inputShape: Shape | Shape[]): void {
    const dim = shapesOf(inputShape)[0].at(-1);
    if (dim == null) throw new Error('LayerNorm needs a fixed last dimension');
    this.gamma = this.addWeight('gamma', [dim], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [dim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return shapesOf(inputShape)[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = tensorsOf(inputs)[0];
      const { mean, variance } = tf.moments(x, -1, true);
      const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normed, this.gamma!.read()), this.beta!.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

let registered = false;

/**
 * Registers the transformer's custom layers with tfjs serialization so that
 * `tf.loadLayersModel` / `tf.models.modelFromJSON` can rebuild models that use them. Call it
 * once in every thread that loads such an artifact (safe to call again). Importing this module
 * registers nothing.
 */
export function registerTransformerLayers(): void {
  if (registered) return;
  for (const cls of [PositionEmbedding, MultiHeadSelfAttention, SequencePool, LayerNorm]) tf.serialization.registerClass(cls);
  registered = true;
}
