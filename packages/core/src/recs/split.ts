/**
 * Train/test splits of an interaction matrix, on its stored (deduplicated) user-item entries, so that
 * one pair never lands on both sides. Every split is seeded where it draws at random; both halves keep
 * the full shape and id maps of the input, so indices agree between them.
 */
import { createRng, type Rng } from '../random/rng.js';
import { type InteractionMatrix, nnz, selectEntries } from './interactions.js';

export interface TrainTest {
  train: InteractionMatrix;
  test: InteractionMatrix;
}

/** Each entry goes to test with probability `testRatio`, independently. */
export function randomSplit(m: InteractionMatrix, options: { testRatio: number; seed?: number }): TrainTest {
  checkRatio(options.testRatio);
  const rng = createRng(options.seed ?? 0);
  const n = nnz(m);
  const train = new Uint8Array(n);
  for (let p = 0; p < n; p++) train[p] = rng.next() < options.testRatio ? 0 : 1;
  return fromMask(m, train);
}

export interface StratifiedOptions {
  /** Share of each user's (or item's) entries that goes to test. */
  testRatio: number;
  seed?: number;
  /**
   * Users (or items, with `by: 'item'`) with fewer entries than this are dropped from both halves, as
   * Microsoft Recommenders' `python_stratified_split` filters them with `min_rating` (default 1: none).
   */
  minRatings?: number;
  by?: 'user' | 'item';
}

/**
 * Per-user stratified random holdout, as Microsoft Recommenders' `python_stratified_split`: each user's
 * entries are shuffled and ranked 1..n; an entry goes to train when rank / n <= 1 - testRatio. So a user
 * with n entries keeps floor((1 - testRatio) n) of them in train (a user with one entry is test only).
 */
export function stratifiedSplit(m: InteractionMatrix, options: StratifiedOptions): TrainTest {
  checkRatio(options.testRatio);
  const rng = createRng(options.seed ?? 0);
  const minRatings = options.minRatings ?? 1;
  const trainRatio = 1 - options.testRatio;
  const train = new Uint8Array(nnz(m));
  const drop = new Uint8Array(nnz(m));
  const byItem = options.by === 'item';
  const groups = byItem ? m.nItems : m.nUsers;
  const ptr = byItem ? m.colptr : m.indptr;
  const csrPos = byItem ? csrPositionsOfCsc(m) : null;
  let order = new Int32Array(64);
  for (let g = 0; g < groups; g++) {
    const start = ptr[g]!;
    const count = ptr[g + 1]! - start;
    if (count === 0) continue;
    if (count < minRatings) {
      for (let q = start; q < start + count; q++) drop[csrPos ? csrPos[q]! : q] = 1;
      continue;
    }
    if (order.length < count) order = new Int32Array(count * 2);
    for (let r = 0; r < count; r++) order[r] = start + r;
    shuffle(order, count, rng);
    for (let r = 0; r < count; r++) {
      const q = order[r]!;
      if ((r + 1) / count <= trainRatio) train[csrPos ? csrPos[q]! : q] = 1;
    }
  }
  return fromMask(m, train, drop);
}

/**
 * Per-user leave-last-out: each user's `n` latest entries (by time; ties broken by a seeded draw) go to
 * test. Users with `n` entries or fewer stay wholly in train.
 */
export function leaveLastOut(m: InteractionMatrix, options: { n?: number; seed?: number } = {}): TrainTest {
  const n = options.n ?? 1;
  const rng = createRng(options.seed ?? 0);
  const train = new Uint8Array(nnz(m)).fill(1);
  for (let u = 0; u < m.nUsers; u++) {
    const start = m.indptr[u]!;
    const count = m.indptr[u + 1]! - start;
    if (count <= n) continue;
    const tie = Array.from({ length: count }, () => rng.next());
    const idx = Array.from({ length: count }, (_, r) => r);
    idx.sort((a, b) => m.times[start + b]! - m.times[start + a]! || tie[a]! - tie[b]!);
    for (let r = 0; r < n; r++) train[start + idx[r]!] = 0;
  }
  return fromMask(m, train);
}

/**
 * Global time cut: entries at or after `cutTime` go to test. With `testRatio` instead, the cut is the
 * time that leaves about that share of entries after it. `dropColdUsers` removes test entries of users
 * with nothing in train.
 */
export function timeSplit(
  m: InteractionMatrix,
  options: { cutTime?: number; testRatio?: number; dropColdUsers?: boolean },
): TrainTest {
  const n = nnz(m);
  const cut = options.cutTime ?? timeCut(m.times, options.testRatio);
  const train = new Uint8Array(n);
  for (let p = 0; p < n; p++) train[p] = m.times[p]! < cut ? 1 : 0;
  const drop = new Uint8Array(n);
  if (options.dropColdUsers) {
    for (let u = 0; u < m.nUsers; u++) {
      let any = false;
      for (let p = m.indptr[u]!; p < m.indptr[u + 1]!; p++) any ||= train[p] === 1;
      if (!any) drop.fill(1, m.indptr[u]!, m.indptr[u + 1]!);
    }
  }
  return fromMask(m, train, drop);
}

/**
 * The time that leaves about `testRatio` of `times` at or after it (the time at rank floor((1 - testRatio) n)
 * in ascending order), the cut of a time split without a given `cutTime`.
 */
export function timeCut(times: Float64Array, testRatio: number | undefined): number {
  if (testRatio === undefined) throw new Error('timeSplit needs cutTime or testRatio');
  checkRatio(testRatio);
  const n = times.length;
  const sorted = times.slice().sort();
  return sorted[Math.min(n - 1, Math.floor((1 - testRatio) * n))] ?? 0;
}

/** K folds of a random partition of the entries: fold f's test part is its own entries (for CV). */
export function kFoldSplits(m: InteractionMatrix, options: { folds: number; seed?: number }): TrainTest[] {
  const k = options.folds;
  if (!(k >= 2) || !Number.isInteger(k)) throw new Error('folds must be an integer >= 2');
  const rng = createRng(options.seed ?? 0);
  const n = nnz(m);
  const perm = new Int32Array(n);
  for (let p = 0; p < n; p++) perm[p] = p;
  shuffle(perm, n, rng);
  const fold = new Int32Array(n);
  // As scikit-learn's KFold: the first n % k folds get one extra entry.
  let pos = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let r = 0; r < size; r++) fold[perm[pos++]!] = f;
  }
  const out: TrainTest[] = [];
  for (let f = 0; f < k; f++) {
    const train = new Uint8Array(n);
    for (let p = 0; p < n; p++) train[p] = fold[p] === f ? 0 : 1;
    out.push(fromMask(m, train));
  }
  return out;
}

function fromMask(m: InteractionMatrix, train: Uint8Array, drop?: Uint8Array): TrainTest {
  const test = new Uint8Array(train.length);
  for (let p = 0; p < train.length; p++) {
    if (drop?.[p]) train[p] = 0;
    else test[p] = train[p] ? 0 : 1;
  }
  return { train: selectEntries(m, train), test: selectEntries(m, test) };
}

/** Fisher-Yates on the first `count` entries. */
function shuffle(a: Int32Array, count: number, rng: Rng): void {
  for (let r = count - 1; r > 0; r--) {
    const s = rng.int(r + 1);
    const t = a[r]!;
    a[r] = a[s]!;
    a[s] = t;
  }
}

/** For each CSC position, the CSR position of the same entry. */
function csrPositionsOfCsc(m: InteractionMatrix): Int32Array {
  const out = new Int32Array(nnz(m));
  const fill = m.colptr.slice(0, m.nItems);
  for (let u = 0; u < m.nUsers; u++) {
    for (let p = m.indptr[u]!; p < m.indptr[u + 1]!; p++) out[fill[m.indices[p]!]!++] = p;
  }
  return out;
}

function checkRatio(r: number): void {
  if (!(r > 0 && r < 1)) throw new Error(`testRatio must be in (0, 1), got ${r}`);
}
