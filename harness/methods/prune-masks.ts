/**
 * Mask arithmetic of unstructured pruning on plain typed arrays: magnitude masks (per tensor or
 * across tensors), N:M masks, and the polynomial sparsity schedule. A mask holds 1 for a kept
 * value and 0 for a pruned one; functions that prune also zero the pruned values in place.
 */

/**
 * Mask of the `k` smallest entries of `abs` (0 = among the k smallest), ties broken by position
 * (the earlier entry goes first). Exactly `k` zeros for `0 <= k <= abs.length`.
 */
export function smallestMask(abs: Float32Array, k: number): Uint8Array {
  const mask = new Uint8Array(abs.length).fill(1);
  if (k <= 0) return mask;
  if (k >= abs.length) return mask.fill(0);
  const threshold = Float32Array.from(abs).sort()[k - 1];
  let below = 0;
  for (let i = 0; i < abs.length; i++) if (abs[i] < threshold) below++;
  let ties = k - below;
  for (let i = 0; i < abs.length; i++) {
    if (abs[i] < threshold) mask[i] = 0;
    else if (abs[i] === threshold && ties > 0) {
      mask[i] = 0;
      ties--;
    }
  }
  return mask;
}

function absOf(values: Float32Array): Float32Array {
  return values.map(Math.abs);
}

function zeroMasked(values: Float32Array, mask: Uint8Array): void {
  for (let i = 0; i < values.length; i++) if (mask[i] === 0) values[i] = 0;
}

/**
 * Zeroes the `sparsity` share of smallest-magnitude values of `values` in place (exactly
 * `round(sparsity * n)` of them; ties broken by position) and returns the mask (1 = kept).
 */
export function magnitudeMask(values: Float32Array, sparsity: number): Uint8Array {
  const mask = smallestMask(absOf(values), Math.round(sparsity * values.length));
  zeroMasked(values, mask);
  return mask;
}

/**
 * Global magnitude pruning: zeroes exactly `round(sparsity * total)` values across all tensors
 * together (one threshold for all; ties broken by tensor order, then position), in place.
 * Returns one mask per tensor.
 */
export function globalMagnitudeMasks(tensors: Float32Array[], sparsity: number): Uint8Array[] {
  const total = tensors.reduce((a, t) => a + t.length, 0);
  const abs = new Float32Array(total);
  let off = 0;
  for (const t of tensors) {
    for (let i = 0; i < t.length; i++) abs[off + i] = Math.abs(t[i]);
    off += t.length;
  }
  const all = smallestMask(abs, Math.round(sparsity * total));
  off = 0;
  return tensors.map((t) => {
    const mask = all.slice(off, off + t.length);
    off += t.length;
    zeroMasked(t, mask);
    return mask;
  });
}

/** An N:M sparsity pattern: at most `n` nonzero values in every group of `m`. */
export interface NmPattern {
  n: number;
  m: number;
}

/** Largest group size `m` a pattern may use. */
export const MAX_PATTERN_M = 32;

/** Parses `'N:M'` (1 <= N < M <= 32); undefined when the text is not such a pattern. */
export function parsePattern(text: string): NmPattern | undefined {
  const match = /^(\d+):(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const n = Number(match[1]);
  const m = Number(match[2]);
  return n >= 1 && n < m && m <= MAX_PATTERN_M ? { n, m } : undefined;
}

/**
 * N:M pruning in place: along `axis` of `shape` (default the second-to-last: a Dense kernel's
 * inputs, a Conv2D kernel's input channels; an ONNX Conv weight `[out, in, kh, kw]` passes 1),
 * every group of `m` consecutive values keeps its `n` largest magnitudes (ties: the earlier value
 * is pruned first). A trailing group shorter than `m` keeps up to `n`. Returns the mask.
 */
export function nmMask(values: Float32Array, shape: number[], { n, m }: NmPattern, axis = shape.length - 2): Uint8Array {
  if (shape.length < 2) throw new RangeError(`N:M pruning needs a tensor of rank >= 2 (got shape [${shape.join(', ')}])`);
  if (axis < 0 || axis >= shape.length) throw new RangeError(`N:M pruning: axis ${axis} is outside shape [${shape.join(', ')}]`);
  const rows = shape[axis];
  const cols = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = values.length / (rows * cols);
  const mask = new Uint8Array(values.length).fill(1);
  const group: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < cols; j++) {
      for (let start = 0; start < rows; start += m) {
        group.length = 0;
        for (let i = start; i < Math.min(start + m, rows); i++) group.push((o * rows + i) * cols + j);
        group.sort((a, b) => Math.abs(values[a]) - Math.abs(values[b]) || a - b);
        for (let g = 0; g < group.length - n; g++) mask[group[g]] = 0;
      }
    }
  }
  zeroMasked(values, mask);
  return mask;
}

/**
 * Sparsity of TF Model Optimization's PolynomialDecay schedule at `step` of `totalSteps`:
 * `final + (initial - final) * (1 - step / totalSteps)^power`, clamped to the schedule's ends.
 */
export function polynomialSparsity(step: number, totalSteps: number, initial: number, final: number, power = 3): number {
  const progress = totalSteps <= 0 ? 1 : Math.min(1, Math.max(0, step / totalSteps));
  return final + (initial - final) * (1 - progress) ** power;
}
