import type { ItemView } from '../results/record.js';
import { rowSize, type Dataset } from './types.js';

export type { ItemView } from '../results/record.js';

const PAD = /^(<pad>|<PAD>|_|)$/;

/**
 * Test row `row` of `ds` in a form a page can show and a record can hold (small, plain): an
 * image input (`[h, w]` or `[h, w, 1]`) as grey levels scaled to 0..255, token ids as their
 * words (padding left out), flat features as named values (4 significant digits).
 */
export function itemView(ds: Pick<Dataset, 'inputShape' | 'inputKind' | 'featureNames' | 'test'>, row: number): ItemView {
  const d = rowSize(ds);
  const x = ds.test.x.subarray(row * d, (row + 1) * d);
  const shape = ds.inputShape;
  if (ds.inputKind === 'tokens') {
    const words = Array.from(x, (id) => ds.featureNames[id] ?? `#${id}`).filter((w) => !PAD.test(w));
    return { kind: 'text', text: words.join(' ') };
  }
  if (shape.length === 2 || (shape.length === 3 && shape[2] === 1)) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const span = hi > lo ? hi - lo : 1;
    return { kind: 'image', width: shape[1], height: shape[0], pixels: Array.from(x, (v) => Math.round(((v - lo) / span) * 255)) };
  }
  return { kind: 'values', values: Array.from(x, (v, j) => ({ name: ds.featureNames[j] ?? `#${j}`, value: Number(v.toPrecision(4)) })) };
}
