import { describe, expect, it } from 'vitest';
import {
  beyondAccuracy,
  distributionalCoverage,
  exposureCounts,
  giniIndex,
  type RecommendationLists,
  shortHead,
} from '../../src/recs/beyond-accuracy.js';
import { buildInteractions } from '../../src/recs/interactions.js';
import { RankingAccumulator, rankingRun } from '../../src/recs/metrics.js';
import { BaseRecommender } from '../../src/recs/model.js';

/** Lists from plain arrays, back to back. */
function listsOf(lists: number[][]): RecommendationLists {
  const offsets = [0];
  for (const l of lists) offsets.push(offsets.at(-1)! + l.length);
  return { offsets: Int32Array.from(offsets), items: Int32Array.from(lists.flat()) };
}

// The worked example of bench/peers/recs_beyond_accuracy_ref.py (Microsoft Recommenders' novelty and
// distributional_coverage written out in pandas, the Lorenz-curve Gini, Abdollahpouri et al.'s ARP and
// APLT). Training popularity of the 8 items: 6, 4, 3, 2, 2, 1, 0, 0 (18 interactions). Its output:
//   shortHeadShare 0.2: {"coverage": 0.75, "gini": 0.4659090909090909, "distributionalCoverage":
//     2.3685225277282065, "novelty": 2.1081340918269262, "arp": 3.75, "aplt": 0.625, "shortHeadItems": 1}
//   shortHeadShare 0.5: the same but "aplt": 0.45833333333333326, "shortHeadItems": 2
const POPULARITY = new Float64Array([6, 4, 3, 2, 2, 1, 0, 0]);
const LISTS = listsOf([[0, 1, 2], [0, 1, 6], [0, 3], [], [0, 2, 5]]);

describe('beyond-accuracy measures', () => {
  it('match the Python reference on the worked example', () => {
    const m = beyondAccuracy(LISTS, POPULARITY);
    expect(m.lists).toBe(5);
    expect(m.slots).toBe(11);
    expect(m.coverage).toBeCloseTo(0.75, 12);
    expect(m.gini).toBeCloseTo(0.4659090909090909, 12);
    expect(m.distributionalCoverage).toBeCloseTo(2.3685225277282065, 12);
    expect(m.novelty).toBeCloseTo(2.1081340918269262, 12);
    expect(m.arp).toBeCloseTo(3.75, 12);
    expect(m.aplt).toBeCloseTo(0.625, 12);
    expect(m.shortHeadItems).toBe(1);
    expect(m.unseenShare).toBeCloseTo(1 / 11, 12); // item 6, never seen in training, once
    const half = beyondAccuracy(LISTS, POPULARITY, { shortHeadShare: 0.5 });
    expect(half.aplt).toBeCloseTo(0.45833333333333326, 12);
    expect(half.shortHeadItems).toBe(2);
  });

  it('by hand: the same example worked out', () => {
    // Exposure: item 0 four times, 1 and 2 twice, 3, 5 and 6 once, 4 and 7 never: 11 slots.
    expect([...exposureCounts(LISTS, 8)]).toEqual([4, 2, 2, 1, 0, 1, 1, 0]);
    // Gini: sorted 0 0 1 1 1 2 2 4 weighted by 2j - 9 = -7 -5 -3 -1 1 3 5 7: 41, over n * total = 88.
    expect(giniIndex([4, 2, 2, 1, 0, 1, 1, 0])).toBeCloseTo(41 / 88, 14);
    // Short head: item 0 holds 6 of 18 interactions, at least 20% (3.6): the head is item 0 alone.
    expect([...shortHead(POPULARITY)]).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    // Ties go to the lower index: of 4 items with 1 interaction each, 25% needs one item, item 0.
    expect([...shortHead(new Float64Array([1, 1, 1, 1]), 0.25)]).toEqual([1, 0, 0, 0]);
    // ARP per list: (6+4+3)/3, (6+4+0)/3, (6+2)/2, (6+3+1)/3 -> mean 15/4; the empty list is left out.
    const m = beyondAccuracy(LISTS, POPULARITY);
    expect(m.arp).toBeCloseTo((13 / 3 + 10 / 3 + 4 + 10 / 3) / 4, 14);
    // APLT: 2/3, 2/3, 1/2, 2/3 of each list outside the head.
    expect(m.aplt).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 2 + 2 / 3) / 4, 14);
    // Novelty: -log2(pop / 18) per slot, item 6 adding 0, over all 11 slots.
    const nov = (p: number) => -Math.log2(p / 18);
    const want = (4 * nov(6) + 2 * nov(4) + 2 * nov(3) + nov(2) + nov(1)) / 11;
    expect(m.novelty).toBeCloseTo(want, 14);
  });

  it('by hand: the extremes of Gini and entropy', () => {
    expect(giniIndex([3, 3, 3, 3])).toBe(0);
    expect(giniIndex([0, 0, 0, 5])).toBeCloseTo(3 / 4, 14); // one item of n: (n - 1) / n
    expect(giniIndex([0, 0])).toBe(0); // nothing recommended
    expect(distributionalCoverage(new Float64Array([2, 2, 2, 2]))).toBeCloseTo(2, 14); // log2(4) bits
    expect(distributionalCoverage(new Float64Array([0, 7, 0]))).toBe(0);
  });

  it('refuses lists and popularity that do not fit', () => {
    expect(() => exposureCounts(listsOf([[0, 8]]), 8)).toThrow(
      'lists.items[1] is 8: not an item of a catalog of 8',
    );
    const bad = { offsets: Int32Array.from([0, 2]), items: Int32Array.from([1]) };
    expect(() => exposureCounts(bad, 8)).toThrow('lists.offsets ends at 2, but lists.items has 1 entries');
    expect(() => shortHead(new Float64Array([1, -1]))).toThrow(
      'popularity[1] must be finite and >= 0, got -1',
    );
    expect(() => beyondAccuracy(LISTS, POPULARITY, { shortHeadShare: 0 })).toThrow(
      'shortHeadShare must be in (0, 1], got 0',
    );
    expect(() => giniIndex([1, Number.NaN])).toThrow('values[1] must be finite and >= 0, got NaN');
  });

  it("a ranking run keeps each evaluated user's top k, and its coverage is the lists'", () => {
    const acc = new RankingAccumulator(2, 5, new Float64Array([5, 4, 3, 2, 1]));
    acc.add([3, 1, 0], [1], 7);
    acc.add([4], [], 8); // no test item: not evaluated, no list
    acc.add([2, 0], [4], 9);
    const lists = acc.lists();
    expect([...lists.offsets]).toEqual([0, 2, 4]);
    expect([...lists.items]).toEqual([3, 1, 2, 0]);
    expect([...acc.perUser().users]).toEqual([7, 9]);
    const m = acc.result();
    expect(m.coverage).toBe(beyondAccuracy(lists, acc.popularity!).coverage);
    expect(m.coverage).toBeCloseTo(4 / 5, 14);
    expect(m.meanPopularity).toBeCloseTo((2 + 4 + 3 + 5) / 4, 14);
  });

  it('rankingRun records the users it ranked for', () => {
    class Fixed extends BaseRecommender {
      readonly name = 'fixed';
      scoreUser(_u: number, out: Float64Array) {
        for (let i = 0; i < this.nItems; i++) out[i] = this.nItems - i;
        return out;
      }
    }
    const train = buildInteractions(
      { users: new Int32Array([0, 2]), items: new Int32Array([0, 1]) },
      { nItems: 4 },
    );
    const test = buildInteractions(
      { users: new Int32Array([0, 2]), items: new Int32Array([3, 2]) },
      { nItems: 4 },
    );
    const run = rankingRun(new Fixed(3, 4), train, test, { k: 2 });
    expect([...run.perUser().users]).toEqual([0, 2]);
    // user 0 (trained on 0) gets 1, 2; user 2 (trained on 1) gets 0, 2
    expect([...run.lists().items]).toEqual([1, 2, 0, 2]);
    expect([...run.perUser().ndcg]).toEqual([0, 1 / Math.log(3) / (1 / Math.log(2))]);
  });
});
