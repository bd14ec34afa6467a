import { Rng } from './random.js';

/**
 * Seeded stratified split of row indices: each class contributes `round(count * testFraction)`
 * rows to the test part (at least one when the class has two or more rows). Both parts are
 * returned in ascending row order, and no row is in both.
 */
export function stratifiedSplit(labels: ArrayLike<number>, testFraction: number, seed: number): { train: number[]; test: number[] } {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const rows = byClass.get(labels[i]) ?? [];
    rows.push(i);
    byClass.set(labels[i], rows);
  }
  const rng = new Rng(Rng.derive(seed, 'split'));
  const train: number[] = [];
  const test: number[] = [];
  for (const cls of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = rng.shuffle(byClass.get(cls)!);
    let nTest = Math.round(rows.length * testFraction);
    if (nTest === 0 && rows.length >= 2 && testFraction > 0) nTest = 1;
    test.push(...rows.slice(0, nTest));
    train.push(...rows.slice(nTest));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/**
 * A stratified subset of `rows` of at most `limit` rows (seeded), keeping class proportions.
 * Used by quick runs.
 */
export function stratifiedSubset(rows: number[], labels: ArrayLike<number>, limit: number, seed: number): number[] {
  if (rows.length <= limit) return rows;
  const picked = stratifiedSplit(
    rows.map((r) => labels[r]),
    limit / rows.length,
    Rng.derive(seed, 'subset'),
  ).test;
  return picked.map((i) => rows[i]);
}
