import * as tf from '@tensorflow/tfjs';

/** Floor on probabilities before their log is taken, so that log(0) never occurs. */
export const PROB_FLOOR = 1e-12;

/**
 * The teacher's distribution softened at temperature T, softmax(log(p) / T) per row, from its
 * softmax outputs `probs` (row-major, `classes` wide). log(p) equals the teacher's logits up to
 * a per-row constant, which softmax ignores, so this is the usual softmax(z / T).
 */
export function softenedTargets(probs: Float32Array, classes: number, temperature: number): Float32Array {
  const out = new Float32Array(probs.length);
  const z = new Float64Array(classes);
  for (let row = 0; row < probs.length / classes; row++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      z[c] = Math.log(Math.max(probs[row * classes + c], PROB_FLOOR)) / temperature;
      max = Math.max(max, z[c]);
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += z[c] = Math.exp(z[c] - max);
    for (let c = 0; c < classes; c++) out[row * classes + c] = z[c] / sum;
  }
  return out;
}

/**
 * The distillation loss, averaged over rows:
 * alpha·T²·KL(q_T ‖ p_T) + (1 − alpha)·CE(y, p), where q_T is the teacher's softened
 * distribution (`teacherSoft`), p the student's probabilities, p_T = softmax(log(p) / T) the
 * student's softened distribution and y the one-hot `labels`. The T² factor keeps the soft
 * term's gradients on the scale of the hard term's as T grows (Hinton et al., 2015).
 */
export function distillationLoss(
  teacherSoft: tf.Tensor2D,
  labels: tf.Tensor2D,
  studentProbs: tf.Tensor2D,
  temperature: number,
  alpha: number,
): tf.Scalar {
  return tf.tidy(() => {
    const logP = tf.log(tf.maximum(studentProbs, PROB_FLOOR));
    const logPT = tf.logSoftmax(tf.div(logP, temperature));
    const logQ = tf.log(tf.maximum(teacherSoft, PROB_FLOOR));
    const kl = tf.sum(tf.mul(teacherSoft, tf.sub(logQ, logPT)), 1);
    const ce = tf.neg(tf.sum(tf.mul(labels, logP), 1));
    return tf.mean(tf.add(tf.mul(kl, alpha * temperature * temperature), tf.mul(ce, 1 - alpha))) as tf.Scalar;
  });
}

/** What {@link distillationTargets} adds to the label's entry so that the loss can find it. */
export const LABEL_MARK = 2;

/**
 * Training targets for {@link distillationLossFn}: per row the teacher's softened distribution
 * with {@link LABEL_MARK} added at the true class. tfjs requires targets as wide as the model's
 * output, so the label rides in the same `classes` values: soft values are ≤ 1, the marked entry
 * is ≥ 2, and subtracting the mark restores the soft value (to float32 spacing at 2, ~2.4e-7).
 */
export function distillationTargets(
  teacherProbs: Float32Array,
  labels: Int32Array,
  classes: number,
  temperature: number,
): { values: Float32Array; width: number } {
  const values = softenedTargets(teacherProbs, classes, temperature);
  for (let i = 0; i < labels.length; i++) values[i * classes + labels[i]] += LABEL_MARK;
  return { values, width: classes };
}

/** {@link distillationLoss} as a `trainModel` loss over targets from {@link distillationTargets}. */
export function distillationLossFn(temperature: number, alpha: number): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const hard = tf.cast(tf.greaterEqual(yTrue, LABEL_MARK), 'float32') as tf.Tensor2D;
      const soft = tf.sub(yTrue, tf.mul(hard, LABEL_MARK)) as tf.Tensor2D;
      return distillationLoss(soft, hard, yPred as tf.Tensor2D, temperature, alpha);
    });
}
