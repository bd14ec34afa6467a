import type { LoadedModel } from './types.js';

/** Probabilities of every row of `x` (`n` rows of `rowSize`) from a loaded model, in batches; row-major. */
export async function predictRows(model: LoadedModel, x: Float32Array, n: number, rowSize: number, batch = 512): Promise<Float32Array> {
  const chunks: Float32Array[] = [];
  for (let b = 0; b < n; b += batch) {
    const rows = Math.min(batch, n - b);
    chunks.push(await model.predict(x.subarray(b * rowSize, (b + rows) * rowSize), rows));
  }
  const out = new Float32Array(chunks.reduce((a, c) => a + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}
