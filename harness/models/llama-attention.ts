import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Shape = (number | null)[];

const firstShape = (s: Shape | Shape[]): Shape => (Array.isArray(s[0]) ? (s as Shape[])[0] : (s as Shape));

/**
 * Rotary position embedding as llama.cpp applies it to llama models (rope type "normal"): within
 * each head of width `hd`, the pair `(x[2i], x[2i+1])` at position p rotates by the angle
 * `p · base^(-2i/hd)`. `x` is `[batch, seq, heads, hd]`; positions start at 0.
 */
export function applyRope(x: tf.Tensor, base: number): tf.Tensor {
  return tf.tidy(() => {
    const [b, t, h, hd] = x.shape;
    const cos = new Float32Array(t * hd);
    const sin = new Float32Array(t * hd);
    for (let p = 0; p < t; p++) {
      for (let i = 0; i < hd / 2; i++) {
        const a = p * Math.pow(base, (-2 * i) / hd);
        cos[p * hd + 2 * i] = cos[p * hd + 2 * i + 1] = Math.cos(a);
        sin[p * hd + 2 * i] = sin[p * hd + 2 * i + 1] = Math.sin(a);
      }
    }
    // (x0, x1) -> (-x1, x0) for every pair, as one matrix product (slicing pairs is slow on wasm).
    const turn = new Float32Array(hd * hd);
    for (let i = 0; i < hd; i += 2) {
      turn[(i + 1) * hd + i] = -1;
      turn[i * hd + i + 1] = 1;
    }
    const turned = tf.reshape(tf.matMul(tf.reshape(x, [b * t * h, hd]) as tf.Tensor2D, tf.tensor2d(turn, [hd, hd])), [b, t, h, hd]);
    return tf.add(tf.mul(x, tf.tensor4d(cos, [1, t, 1, hd])), tf.mul(turned, tf.tensor4d(sin, [1, t, 1, hd])));
  });
}

/** Options of {@link CausalSelfAttention}. */
export interface CausalSelfAttentionArgs extends LayerArgs {
  heads: number;
  ropeBase: number;
  seed: number;
}

/**
 * Causal multi-head self-attention of a llama block: kernels `<layer>/{q,k,v,o}/kernel`
 * (`[dModel, dModel]`, `[in, out]`, no biases), rotary embedding on queries and keys, scores
 * scaled by 1/√hd, each position attending to itself and earlier positions only.
 */
export class CausalSelfAttention extends tf.layers.Layer {
  /** Name under which the class is serialised. */
  static className = 'LlamaCausalSelfAttention';
  private readonly heads: number;
  private readonly ropeBase: number;
  private readonly seed: number;
  private readonly w: Record<string, tf.LayerVariable> = {};

  constructor(args: CausalSelfAttentionArgs) {
    super(args);
    this.heads = args.heads;
    this.ropeBase = args.ropeBase;
    this.seed = args.seed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const d = firstShape(inputShape).at(-1)!;
    ['q', 'k', 'v', 'o'].forEach((p, i) => {
      this.w[p] = this.addWeight(
        `${p}/kernel`,
        [d, d],
        'float32',
        tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: this.seed + i }),
      );
    });
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return firstShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const [b, t, d] = x.shape;
      const hd = d / this.heads;
      const rows = tf.reshape(x, [b * t, d]) as tf.Tensor2D;
      const proj = (p: string): tf.Tensor => tf.reshape(tf.matMul(rows, this.w[p].read() as tf.Tensor2D), [b, t, this.heads, hd]);
      const q = tf.transpose(applyRope(proj('q'), this.ropeBase), [0, 2, 1, 3]);
      const k = tf.transpose(applyRope(proj('k'), this.ropeBase), [0, 2, 1, 3]);
      const v = tf.transpose(proj('v'), [0, 2, 1, 3]);
      const future = tf.sub(1, tf.linalg.bandPart(tf.ones([t, t]), -1, 0));
      const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hd)), tf.mul(future, -1e9));
      const mixed = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), v), [0, 2, 1, 3]), [b * t, d]);
      return tf.reshape(tf.matMul(mixed as tf.Tensor2D, this.w.o.read() as tf.Tensor2D), [b, t, d]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, ropeBase: this.ropeBase, seed: this.seed };
  }
}
