import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/random/rng.js';
import { buildInteractions, type InteractionMatrix, nnz, userItems } from '../../src/recs/interactions.js';
import { kFoldSplits, leaveLastOut, randomSplit, stratifiedSplit, timeSplit } from '../../src/recs/split.js';

/** A random matrix: user u has counts[u] distinct items, with distinct times. */
function fixture(counts: number[], nItems = 40): InteractionMatrix {
  const rng = createRng(7);
  const users: number[] = [];
  const items: number[] = [];
  const times: number[] = [];
  let t = 0;
  counts.forEach((c, u) => {
    const chosen = new Set<number>();
    while (chosen.size < c) chosen.add(rng.int(nItems));
    for (const i of chosen) {
      users.push(u);
      items.push(i);
      times.push(t++);
    }
  });
  return buildInteractions(
    { users: new Int32Array(users), items: new Int32Array(items), times: new Float64Array(times) },
    { nItems },
  );
}

const rows = (m: InteractionMatrix) => Array.from({ length: m.nUsers }, (_, u) => [...userItems(m, u)]);
const counts = [1, 2, 3, 4, 5, 8, 10, 13, 20, 33];

/** Train and test are disjoint and together give back the input. */
function expectPartition(m: InteractionMatrix, train: InteractionMatrix, test: InteractionMatrix) {
  expect(nnz(train) + nnz(test)).toBe(nnz(m));
  for (let u = 0; u < m.nUsers; u++) {
    const all = [...userItems(train, u), ...userItems(test, u)].sort((a, b) => a - b);
    expect(all).toEqual([...userItems(m, u)]);
  }
  expect(train.nItems).toBe(m.nItems);
  expect(test.nUsers).toBe(m.nUsers);
}

describe('stratifiedSplit', () => {
  const m = fixture(counts);

  it('keeps floor(0.75 n) of each user in train, as python_stratified_split does', () => {
    const { train, test } = stratifiedSplit(m, { testRatio: 0.25, seed: 0 });
    expectPartition(m, train, test);
    counts.forEach((c, u) => {
      expect(userItems(train, u).length).toBe(Math.floor(0.75 * c));
      expect(userItems(test, u).length).toBe(c - Math.floor(0.75 * c));
    });
  });

  it('is deterministic under a seed and differs between seeds', () => {
    const a = stratifiedSplit(m, { testRatio: 0.25, seed: 3 });
    const b = stratifiedSplit(m, { testRatio: 0.25, seed: 3 });
    const c = stratifiedSplit(m, { testRatio: 0.25, seed: 4 });
    expect(rows(a.test)).toEqual(rows(b.test));
    expect(rows(a.test)).not.toEqual(rows(c.test));
  });

  it('drops users with fewer than minRatings entries from both halves', () => {
    const { train, test } = stratifiedSplit(m, { testRatio: 0.25, seed: 0, minRatings: 4 });
    for (const u of [0, 1, 2]) {
      expect(userItems(train, u).length + userItems(test, u).length).toBe(0);
    }
    expect(nnz(train) + nnz(test)).toBe(nnz(m) - 6);
  });

  it('stratifies by item when asked', () => {
    const { train, test } = stratifiedSplit(m, { testRatio: 0.5, seed: 1, by: 'item' });
    expectPartition(m, train, test);
    for (let i = 0; i < m.nItems; i++) {
      const c = m.colptr[i + 1]! - m.colptr[i]!;
      expect(train.colptr[i + 1]! - train.colptr[i]!).toBe(Math.floor(0.5 * c));
    }
  });
});

describe('other splits', () => {
  const m = fixture(counts);

  it('randomSplit partitions about testRatio of the entries, deterministically', () => {
    const a = randomSplit(m, { testRatio: 0.3, seed: 5 });
    const b = randomSplit(m, { testRatio: 0.3, seed: 5 });
    expectPartition(m, a.train, a.test);
    expect(rows(a.test)).toEqual(rows(b.test));
    const share = nnz(a.test) / nnz(m);
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.45);
  });

  it('leaveLastOut puts each user latest entries in test', () => {
    const { train, test } = leaveLastOut(m, { n: 2 });
    expectPartition(m, train, test);
    counts.forEach((c, u) => {
      expect(userItems(test, u).length).toBe(c > 2 ? 2 : 0);
      if (c <= 2) return;
      const latestTrain = Math.max(...train.times.subarray(train.indptr[u]!, train.indptr[u + 1]!));
      const earliestTest = Math.min(...test.times.subarray(test.indptr[u]!, test.indptr[u + 1]!));
      expect(latestTrain).toBeLessThan(earliestTest);
    });
  });

  it('timeSplit cuts at a time, or at the time that leaves testRatio after it', () => {
    const total = nnz(m);
    const { train, test } = timeSplit(m, { cutTime: 50 });
    expectPartition(m, train, test);
    expect(nnz(train)).toBe(50);
    expect(Math.max(...train.times)).toBe(49);
    const byRatio = timeSplit(m, { testRatio: 0.2 });
    expect(nnz(byRatio.test)).toBe(total - Math.floor(0.8 * total));
    const cold = timeSplit(m, { cutTime: 66, dropColdUsers: true });
    expect(userItems(cold.test, 9).length).toBe(0); // user 9's entries all come at t >= 66
    expect(nnz(cold.test)).toBe(0);
  });

  it('kFoldSplits gives disjoint test folds covering every entry once', () => {
    const folds = kFoldSplits(m, { folds: 5, seed: 0 });
    expect(folds).toHaveLength(5);
    const seen = new Map<string, number>();
    for (const { train, test } of folds) {
      expectPartition(m, train, test);
      for (let u = 0; u < m.nUsers; u++) {
        for (const i of userItems(test, u)) seen.set(`${u}:${i}`, (seen.get(`${u}:${i}`) ?? 0) + 1);
      }
      expect([Math.floor(nnz(m) / 5), Math.ceil(nnz(m) / 5)]).toContain(nnz(test));
    }
    expect(seen.size).toBe(nnz(m));
    expect([...seen.values()].every((v) => v === 1)).toBe(true);
  });
});
