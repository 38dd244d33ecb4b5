import { describe, expect, it } from 'vitest';
import { activityTerciles, groupRankingMetrics } from '../../src/recs/group-metrics.js';
import { buildInteractions } from '../../src/recs/interactions.js';
import { RankingAccumulator, type UserRankingValues } from '../../src/recs/metrics.js';

/** Per-user values with the given NDCG (the other metrics: the same values). */
function valuesOf(ndcg: number[], users = ndcg.map((_, u) => u)): UserRankingValues {
  const v = Float64Array.from(ndcg);
  return {
    users: Int32Array.from(users),
    precision: v,
    recall: v,
    ndcg: v,
    map: v,
    mapFull: v,
    mrr: v,
    hit: Float64Array.from(ndcg, (x) => (x > 0 ? 1 : 0)),
  };
}

describe('per-group accuracy', () => {
  it('matches the pandas groupby of bench/peers/recs_beyond_accuracy_ref.py', () => {
    // 70 users, NDCG of user u = (u % 7) / 10; groups a (u < 35), b (35 <= u < 65), c (5 users).
    // Python: users a 35, b 30, c 5; ndcg a 0.3, b 0.2833333333333333, c 0.4;
    //         ratio 1.0588235294117647, difference 0.016666666666666663 (a against b; c too small)
    const ndcg = Array.from({ length: 70 }, (_, u) => (u % 7) / 10);
    const group = Int32Array.from({ length: 70 }, (_, u) => (u < 35 ? 0 : u < 65 ? 1 : 2));
    const r = groupRankingMetrics(valuesOf(ndcg), group, ['a', 'b', 'c']);
    expect(r.groups.map((g) => [g.name, g.users, g.small])).toEqual([
      ['a', 35, false],
      ['b', 30, false],
      ['c', 5, true],
    ]);
    expect(r.groups[0]!.ndcg).toBeCloseTo(0.3, 12);
    expect(r.groups[1]!.ndcg).toBeCloseTo(0.2833333333333333, 12);
    expect(r.groups[2]!.ndcg).toBeCloseTo(0.4, 12);
    expect(r.disparity!.ndcg.maxGroup).toBe('a');
    expect(r.disparity!.ndcg.minGroup).toBe('b');
    expect(r.disparity!.ndcg.ratio).toBeCloseTo(1.0588235294117647, 12);
    expect(r.disparity!.ndcg.difference).toBeCloseTo(0.016666666666666663, 12);
    expect(r.ungrouped).toBe(0);
  });

  it('by hand: hit rates of two groups, a zero minimum, users in no group', () => {
    // Users 0-2 in "x" with NDCG 1, 0.5, 0 (hits 1, 1, 0); users 3-4 in "y" with NDCG 0; user 5 in none.
    const r = groupRankingMetrics(
      valuesOf([1, 0.5, 0, 0, 0, 0.7]),
      Int32Array.from([0, 0, 0, 1, 1, -1]),
      ['x', 'y'],
      { minGroupSize: 2 },
    );
    expect(r.groups[0]!.ndcg).toBeCloseTo(0.5, 14);
    expect(r.groups[0]!.hitRate).toBeCloseTo(2 / 3, 14);
    expect(r.groups[1]!.hitRate).toBe(0);
    expect(r.ungrouped).toBe(1);
    expect(r.disparity!.hitRate).toEqual({
      maxGroup: 'x',
      max: 2 / 3,
      minGroup: 'y',
      min: 0,
      ratio: null,
      difference: 2 / 3,
    });
    // With the default minimum of 30 neither group is compared.
    expect(groupRankingMetrics(valuesOf([1, 0]), Int32Array.from([0, 1]), ['x', 'y']).disparity).toBeNull();
  });

  it('never compares an unjudged group, however large', () => {
    // The users of the pandas test above with c (5 users, NDCG 0.4) unjudged and minGroupSize 5: c is
    // listed as small, and a (0.3) against b (0.2833) stays the disparity, where c would be the maximum.
    const ndcg = Array.from({ length: 70 }, (_, u) => (u % 7) / 10);
    const group = Int32Array.from({ length: 70 }, (_, u) => (u < 35 ? 0 : u < 65 ? 1 : 2));
    const options = { minGroupSize: 5 };
    const all = groupRankingMetrics(valuesOf(ndcg), group, ['a', 'b', 'c'], options);
    expect(all.disparity!.ndcg.maxGroup).toBe('c');
    const r = groupRankingMetrics(valuesOf(ndcg), group, ['a', 'b', 'c'], { ...options, unjudged: [2] });
    expect(r.groups.map((g) => [g.name, g.users, g.small])).toEqual([
      ['a', 35, false],
      ['b', 30, false],
      ['c', 5, true],
    ]);
    expect(r.disparity!.ndcg.maxGroup).toBe('a');
    expect(r.disparity!.ndcg.minGroup).toBe('b');
  });

  it('groups the values a ranking accumulator kept, by user index', () => {
    const acc = new RankingAccumulator(1, 3);
    acc.add([0], [0], 4); // hit
    acc.add([1], [2], 2); // miss
    const r = groupRankingMetrics(acc.perUser(), Int32Array.from([-1, -1, 1, -1, 0]), ['hit', 'miss'], {
      minGroupSize: 1,
    });
    expect(r.groups.map((g) => [g.name, g.users, g.precision])).toEqual([
      ['hit', 1, 1],
      ['miss', 1, 0],
    ]);
  });

  it('refuses a group outside the names and a user without a group', () => {
    expect(() => groupRankingMetrics(valuesOf([1]), Int32Array.from([2]), ['x', 'y'])).toThrow(
      'group[0] must be -1 or in [0, 2), got 2',
    );
    expect(() => groupRankingMetrics(valuesOf([1], [3]), Int32Array.from([0]), ['x'])).toThrow(
      'values.users[0] is 3: no group given for it (group has 1 users)',
    );
    expect(() =>
      groupRankingMetrics(valuesOf([1]), Int32Array.from([0]), ['x'], { minGroupSize: 0 }),
    ).toThrow('minGroupSize must be a whole number >= 1, got 0');
  });
});

describe('activity terciles', () => {
  it('by hand: six users with 1, 1, 2, 3, 5 and 8 training entries', () => {
    // Average ranks 1.5, 1.5, 3, 4, 5, 6 of 6: ceil(3 * rank / 6) = 1, 1, 2, 2, 3, 3.
    const counts = [1, 1, 2, 3, 5, 8];
    const users = counts.flatMap((c, u) => Array.from({ length: c }, () => u));
    const items = counts.flatMap((c) => Array.from({ length: c }, (_, i) => i));
    const train = buildInteractions(
      { users: Int32Array.from([...users, 6]), items: Int32Array.from([...items, 0]) },
      { nItems: 8 },
    );
    const a = activityTerciles(train, [0, 1, 2, 3, 4, 5]); // user 6 is not a test user
    expect([...a.group]).toEqual([0, 0, 1, 1, 2, 2, -1]);
    expect(a.names).toEqual(['light', 'medium', 'heavy']);
    expect(a.ranges).toEqual([
      [1, 1],
      [2, 3],
      [5, 8],
    ]);
  });

  it('puts everyone in medium when all have the same count, and refuses an unknown user', () => {
    const train = buildInteractions({ users: Int32Array.from([0, 1]), items: Int32Array.from([0, 0]) });
    const a = activityTerciles(train, [0, 1]);
    expect([...a.group]).toEqual([1, 1]);
    expect(a.ranges).toEqual([null, [1, 1], null]);
    expect(() => activityTerciles(train, [0, 2])).toThrow(
      'users[1] is 2: not a user of the training matrix (2 users)',
    );
  });
});
