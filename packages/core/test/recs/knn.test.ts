import { describe, expect, it } from 'vitest';
import { fitContext } from '../../src/plugin/fit-context.js';
import { cooccurrence } from '../../src/recs/models/cooccurrence.js';
import { itemKnn } from '../../src/recs/models/item-knn.js';
import { userKnn } from '../../src/recs/models/user-knn.js';
import { clusteredMatrix, inGroupShare, tinyMatrix } from './fixtures.js';

// The 5 x 4 matrix: u0 {0,1}, u1 {0,1,2}, u2 {1,2}, u3 {2,3}, u4 {0,3}. Item columns by hand:
// i0 = {u0,u1,u4}, i1 = {u0,u1,u2}, i2 = {u1,u2,u3}, i3 = {u3,u4}, so (binary cosine)
// cos(0,1) = 2/3, cos(0,2) = 1/3, cos(0,3) = 1/sqrt(6), cos(1,2) = 2/3, cos(1,3) = 0, cos(2,3) = 1/sqrt(6).
const r6 = 1 / Math.sqrt(6);
const ctx = () => fitContext({ seed: 0 });
const close = (a: ArrayLike<number>, b: number[]) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, j) => {
    expect(a[j]).toBeCloseTo(v, 12);
  });
};

describe('item-kNN', () => {
  it('keeps the top-K cosine neighbours per item (ties to the lower index)', () => {
    const m = itemKnn.fit(tinyMatrix(), { neighbors: 2 }, ctx());
    expect([...m.neighbors.ptr]).toEqual([0, 2, 4, 6, 8]);
    expect([...m.neighbors.idx]).toEqual([1, 3, 0, 2, 1, 3, 0, 2]);
    close(m.neighbors.sim, [2 / 3, r6, 2 / 3, 2 / 3, 2 / 3, r6, r6, r6]);
    const sim = m.similarItems(0, 5);
    expect([...sim.items]).toEqual([1, 3]);
  });

  it('scores a user by sum_k R(u,k) w(k,i), and by the normalized formula', () => {
    const m = itemKnn.fit(tinyMatrix(), { neighbors: 2 }, ctx());
    // u0 = {0, 1}: item 0 lends 1 (2/3) and 3 (1/sqrt 6); item 1 lends 0 (2/3) and 2 (2/3)
    close(m.scoreUser(0, new Float64Array(4)), [2 / 3, 2 / 3, 2 / 3, r6]);
    expect([...m.recommend(0, 3, [0, 1]).items]).toEqual([2, 3]);
    const norm = itemKnn.fit(tinyMatrix(), { neighbors: 2, normalize: true }, ctx());
    close(norm.scoreUser(0, new Float64Array(4)), [1, 1, 1, 1]);
    // with weights the normalized score is a weighted mean of the user's values
    const weighted = itemKnn.fit(
      tinyMatrix((u, i) => (u === 1 ? i + 1 : 1)),
      { neighbors: 3, normalize: true },
      ctx(),
    );
    const s = weighted.scoreItems([0, 2], [4, 2], new Float64Array(4));
    expect(s[1]).toBeGreaterThan(2);
    expect(s[1]).toBeLessThan(4);
  });

  it('applies shrinkage and Jaccard as defined', () => {
    const shrunk = itemKnn.fit(tinyMatrix(), { neighbors: 3, shrink: 1 }, ctx());
    close(
      shrunk.neighbors.sim.subarray(0, 3),
      [2 / 4, 1 / 4, 1 / (Math.sqrt(6) + 1)].sort((a, b) => b - a),
    );
    const jac = itemKnn.fit(tinyMatrix(), { neighbors: 3, measure: 'jaccard' }, ctx());
    // J(0,1) = 2/4, J(0,3) = 1/4, J(0,2) = 1/5
    expect([...jac.neighbors.idx.subarray(0, 3)]).toEqual([1, 3, 2]);
    close(jac.neighbors.sim.subarray(0, 3), [0.5, 0.25, 0.2]);
  });

  it('ranks a user own taste group first on clustered data', () => {
    const data = clusteredMatrix();
    expect(inGroupShare(itemKnn.fit(data, { neighbors: 10 }, ctx()), data)).toBeGreaterThan(0.95);
  });
});

describe('user-kNN', () => {
  // Rows: |u0| = |u2| = |u3| = |u4| = 2, |u1| = 3; cos(u0,u1) = 2/sqrt 6, cos(u0,u2) = cos(u0,u4) = 1/2.
  it('scores from the top-K most similar users', () => {
    const m = userKnn.fit(tinyMatrix(), { neighbors: 2 }, ctx());
    expect([...m.neighbors.idx.subarray(m.neighbors.ptr[0]!, m.neighbors.ptr[1]!)]).toEqual([1, 2]);
    const a = 2 / Math.sqrt(6);
    close(m.scoreUser(0, new Float64Array(4)), [a, a + 0.5, a + 0.5, 0]);
    const norm = userKnn.fit(tinyMatrix(), { neighbors: 2, normalize: true }, ctx());
    close(norm.scoreUser(0, new Float64Array(4)), [1, 1, 1, 0]);
  });

  it('scores a new history the same way as a training user with that history', () => {
    const m = userKnn.fit(tinyMatrix(), { neighbors: 2 }, ctx());
    // u3's history {2, 3}: neighbours among the other users are the same as found at fit time
    const direct = m.scoreUser(3, new Float64Array(4));
    const folded = m.scoreItems([2, 3], null, new Float64Array(4));
    // the new row also matches u3 itself (similarity 1), which a fitted user never lists
    expect(folded[3]).toBeGreaterThan(direct[3]!);
    expect(
      inGroupShare(userKnn.fit(clusteredMatrix(), { neighbors: 10 }, ctx()), clusteredMatrix()),
    ).toBeGreaterThan(0.95);
  });
});

describe('co-occurrence', () => {
  it('normalizes counts by lift and Jaccard and scores a cart', () => {
    // counts: c(0,1) = 2, c(0,2) = 1, c(0,3) = 1, c(1,2) = 2, c(2,3) = 1; n = [3, 3, 3, 2]
    const count = cooccurrence.fit(tinyMatrix(), { normalization: 'count' }, ctx());
    expect([...count.similarItems(0, 3).items]).toEqual([1, 2, 3]);
    close(count.similarItems(0, 3).scores, [2, 1, 1]);
    const lift = cooccurrence.fit(tinyMatrix(), { normalization: 'lift' }, ctx());
    close(lift.similarItems(3, 3).scores, [1 / 6, 1 / 6]);
    const jac = cooccurrence.fit(tinyMatrix(), { normalization: 'jaccard', minCount: 2 }, ctx());
    close(jac.similarItems(1, 3).scores, [0.5, 0.5]);
    // cart {0, 3}: item 1 gets 2/4 (from 0), item 2 gets 1/5 (from 0) + 1/4 (from 3)
    const cart = cooccurrence.fit(tinyMatrix(), {}, ctx()).scoreItems([0, 3], null, new Float64Array(4));
    close([cart[1]!, cart[2]!], [0.5, 0.2 + 0.25]);
  });
});
