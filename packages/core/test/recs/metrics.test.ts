import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/random/rng.js';
import { buildInteractions } from '../../src/recs/interactions.js';
import { evaluateRanking, RankingAccumulator, ratingErrors } from '../../src/recs/metrics.js';
import { BaseRecommender } from '../../src/recs/model.js';
import { topK } from '../../src/recs/top-k.js';

describe('topK', () => {
  it('returns the k best, best first, lower index first on ties', () => {
    const s = new Float64Array([0.5, 2, -1, 2, 7, 0.5, 3]);
    const r = topK(s.slice(), 4);
    expect([...r.items]).toEqual([4, 6, 1, 3]);
    expect([...r.scores]).toEqual([7, 3, 2, 2]);
    expect([...topK(s.slice(), 6).items]).toEqual([4, 6, 1, 3, 0, 5]);
  });

  it('leaves out excluded items, infinities and NaN, and handles k beyond n or 0', () => {
    const s = new Float64Array([1, Number.NaN, 3, Number.NEGATIVE_INFINITY, 2, Number.POSITIVE_INFINITY]);
    expect([...topK(s.slice(), 10, [2]).items]).toEqual([4, 0]);
    expect(topK(s.slice(), 0).items.length).toBe(0);
  });

  it('agrees with a full sort on random vectors with ties', () => {
    const rng = createRng(1);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + rng.int(300);
      const s = Float64Array.from({ length: n }, () => rng.int(20) / 4);
      const k = rng.int(n + 3);
      const expected = Array.from({ length: n }, (_, i) => i)
        .sort((a, b) => s[b]! - s[a]! || a - b)
        .slice(0, k);
      expect([...topK(s.slice(), k).items]).toEqual(expected);
    }
  });
});

describe('ranking metrics', () => {
  // Reference values from bench/peers/recs_metrics_ref.py, a pandas re-implementation of Microsoft
  // Recommenders' precision_at_k, recall_at_k, ndcg_at_k, map_at_k and map on this example (k = 3).
  it('matches the Microsoft Recommenders definitions on a worked example', () => {
    const acc = new RankingAccumulator(
      3,
      10,
      new Float64Array(10).map((_, i) => i),
    );
    acc.add([1, 2, 3], [2, 3, 5, 6]);
    acc.add([4, 0], [0]);
    acc.add([1, 2, 3], [7]);
    acc.add([5, 6, 7], [7, 9, 5]);
    acc.add([8], []); // users without test items do not count
    const m = acc.result();
    expect(m.users).toBe(4);
    expect(m.precision).toBeCloseTo(0.41666666666666663, 12);
    expect(m.recall).toBeCloseTo(0.5416666666666666, 12);
    expect(m.ndcg).toBeCloseTo(0.4663922791457089, 12);
    expect(m.map).toBeCloseTo(0.36111111111111105, 12);
    expect(m.mapFull).toBeCloseTo(0.3368055555555555, 12);
    expect(m.mrr).toBeCloseTo(0.5, 12);
    expect(m.hitRate).toBeCloseTo(0.75, 12);
    // distinct recommended: 0,1,2,3,4,5,6,7 of 10; popularity = index, so the mean is the mean index
    expect(m.coverage).toBeCloseTo(0.8, 12);
    expect(m.meanPopularity).toBeCloseTo((6 + 4 + 6 + 18) / 11, 12);
  });

  it('by hand: one user, k = 2, a hit at rank 2 of two relevant items', () => {
    const acc = new RankingAccumulator(2, 5);
    acc.add([3, 1], [1, 4]);
    const m = acc.result();
    expect(m.precision).toBe(0.5);
    expect(m.recall).toBe(0.5);
    expect(m.ndcg).toBeCloseTo(1 / Math.log(3) / (1 / Math.log(2) + 1 / Math.log(3)), 12);
    expect(m.map).toBeCloseTo(0.5 / 2, 12);
    expect(m.mrr).toBe(0.5);
  });

  it('evaluateRanking ranks all but the training items of each test user', () => {
    // A fixed scorer: item i scores nItems - i, so the ranking is 0, 1, 2, ... minus training items.
    class Fixed extends BaseRecommender {
      readonly name = 'fixed';
      scoreUser(_u: number, out: Float64Array) {
        for (let i = 0; i < this.nItems; i++) out[i] = this.nItems - i;
        return out;
      }
    }
    const train = buildInteractions(
      { users: new Int32Array([0, 0, 1]), items: new Int32Array([0, 1, 2]) },
      { nItems: 6 },
    );
    const test = buildInteractions(
      { users: new Int32Array([0, 1, 1]), items: new Int32Array([2, 0, 5]) },
      { nItems: 6 },
    );
    const m = evaluateRanking(new Fixed(2, 6), train, test, { k: 2 });
    // user 0 gets [2, 3]: hit at 1; user 1 gets [0, 1]: hit at 1 of 2 relevant
    expect(m.users).toBe(2);
    expect(m.precision).toBeCloseTo(0.5, 12);
    expect(m.recall).toBeCloseTo((1 + 0.5) / 2, 12);
    expect(m.hitRate).toBe(1);
    expect(m.coverage).toBeCloseTo(4 / 6, 12);
    const noExclusion = evaluateRanking(new Fixed(2, 6), train, test, { k: 2, excludeTrain: false });
    expect(noExclusion.precision).toBeCloseTo(0.25, 12);
  });

  it('ratingErrors gives RMSE and MAE', () => {
    const r = ratingErrors([3, 4, 5], [4, 4, 3]);
    expect(r.rmse).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(r.mae).toBeCloseTo(1, 12);
  });
});
