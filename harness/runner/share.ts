import type { Dataset, Split } from '../data/types.js';

function shared<T extends Float32Array | Int32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as { new (b: SharedArrayBuffer): T };
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

function shareSplit(s: Split): Split {
  return { ...s, x: shared(s.x), y: shared(s.y) };
}

/**
 * The dataset with its row arrays in SharedArrayBuffers, so posting it to worker threads shares
 * the rows instead of copying them per task. Nothing writes to a dataset's rows.
 */
export function shareDataset(ds: Dataset): Dataset {
  return { ...ds, train: shareSplit(ds.train), test: shareSplit(ds.test) };
}
