import { createRng, type Rng } from '../random/rng.js';

/**
 * Seeded, stratified splits: each class is shuffled on its own and dealt out, so that every part keeps
 * the class proportions of the whole (to within one example per class).
 */

export interface TrainTestSplit {
  /** Row indices, ascending. */
  train: Int32Array;
  test: Int32Array;
}

/** Groups row indices by label value (labels are small non-negative integers), in label order. */
function classRows(y: ArrayLike<number>): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (!Number.isInteger(c) || c < 0)
      throw new Error(`row ${i}: label is ${c}; expected a non-negative integer`);
    (groups[c] ??= []).push(i);
  }
  return groups.filter((g) => g !== undefined);
}

function shuffleInPlace(a: number[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/**
 * A stratified train/test split: `round(n_c * testFraction)` rows of each class c go to the test part.
 */
export function stratifiedTrainTestSplit(
  y: ArrayLike<number>,
  testFraction: number,
  seed = 0,
): TrainTestSplit {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`test fraction ${testFraction} not in (0, 1)`);
  const rng = createRng(seed);
  const inTest = new Uint8Array(y.length);
  for (const rows of classRows(y)) {
    shuffleInPlace(rows, rng);
    const nTest = Math.round(rows.length * testFraction);
    for (let i = 0; i < nTest; i++) inTest[rows[i]!] = 1;
  }
  return splitByMask(inTest);
}

/**
 * Stratified k-fold assignment: the fold (0..k-1) of each row. Rows of each class are shuffled and dealt
 * round-robin, continuing the deal across classes, so fold sizes differ by at most one.
 */
export function stratifiedKFold(y: ArrayLike<number>, k: number, seed = 0): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new Error(`k-fold needs an integer k >= 2, got ${k}`);
  if (k > y.length) throw new Error(`cannot make ${k} folds of ${y.length} rows`);
  const rng = createRng(seed);
  const fold = new Int32Array(y.length);
  let next = 0;
  for (const rows of classRows(y)) {
    shuffleInPlace(rows, rng);
    for (const r of rows) {
      fold[r] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

/** The train/test rows of fold `f` of an assignment made by `stratifiedKFold`. */
export function foldSplit(folds: ArrayLike<number>, f: number): TrainTestSplit {
  const inTest = new Uint8Array(folds.length);
  for (let i = 0; i < folds.length; i++) if (folds[i] === f) inTest[i] = 1;
  return splitByMask(inTest);
}

function splitByMask(inTest: Uint8Array): TrainTestSplit {
  let nTest = 0;
  for (let i = 0; i < inTest.length; i++) nTest += inTest[i]!;
  const train = new Int32Array(inTest.length - nTest);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < inTest.length; i++) {
    if (inTest[i]) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}
