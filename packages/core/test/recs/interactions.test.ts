import { describe, expect, it } from 'vitest';
import { IdMap } from '../../src/recs/id-map.js';
import { InteractionBuilder } from '../../src/recs/interaction-builder.js';
import {
  buildInteractions,
  findEntry,
  fromCsr,
  itemCounts,
  nnz,
  selectEntries,
  userItems,
} from '../../src/recs/interactions.js';

const i32 = (a: number[]) => new Int32Array(a);
const f64 = (a: number[]) => new Float64Array(a);

describe('buildInteractions', () => {
  it('sums duplicates, keeps the latest time, sorts rows and builds the CSC view', () => {
    const m = buildInteractions({
      users: i32([1, 0, 1, 0, 1]),
      items: i32([2, 1, 0, 1, 2]),
      weights: f64([1, 2, 3, 4, 5]),
      times: f64([10, 20, 30, 5, 7]),
    });
    expect(m.nUsers).toBe(2);
    expect(m.nItems).toBe(3);
    expect([...m.indptr]).toEqual([0, 1, 3]);
    expect([...m.indices]).toEqual([1, 0, 2]);
    expect([...m.values]).toEqual([6, 3, 6]);
    expect([...m.times]).toEqual([20, 30, 10]);
    expect([...m.colptr]).toEqual([0, 1, 2, 3]);
    expect([...m.rowind]).toEqual([1, 0, 1]);
    expect([...m.colValues]).toEqual([3, 6, 6]);
    expect(nnz(m)).toBe(3);
    expect([...userItems(m, 1)]).toEqual([0, 2]);
    expect(findEntry(m, 1, 2)).toBe(2);
    expect(findEntry(m, 1, 1)).toBe(-1);
    expect([...itemCounts(m)]).toEqual([1, 1, 1]);
  });

  it("keeps the latest event's value with duplicates: 'last' (explicit ratings)", () => {
    const m = buildInteractions(
      { users: i32([0, 0, 0]), items: i32([0, 0, 0]), weights: f64([4, 2, 5]), times: f64([2, 3, 1]) },
      { duplicates: 'last' },
    );
    expect([...m.values]).toEqual([2]);
    expect([...m.times]).toEqual([3]);
  });

  it('decays each event by 0.5^(age / half-life) before summing', () => {
    const day = 86_400_000;
    const m = buildInteractions(
      { users: i32([0, 0, 1]), items: i32([0, 0, 1]), times: f64([0, 2 * day, 1 * day]) },
      { halfLifeMs: day, referenceTime: 2 * day, nItems: 3 },
    );
    expect(m.values[0]).toBeCloseTo(0.25 + 1, 12);
    expect(m.values[1]).toBeCloseTo(0.5, 12);
    expect(m.nItems).toBe(3);
    expect([...m.colptr]).toEqual([0, 1, 2, 2]);
  });

  it('rejects out-of-range indices', () => {
    expect(() => buildInteractions({ users: i32([3]), items: i32([0]) }, { nUsers: 2 })).toThrow(
      /out of range/,
    );
    expect(() => buildInteractions({ users: i32([0, 1]), items: i32([0]) })).toThrow(/length/);
  });

  it('refuses a NaN or infinite weight or time, naming the event', () => {
    // implicitAls and biasedMf used to return no items on these, userKnn zero scores, ease a misleading
    // "not positive definite", bpr a ranking as if nothing were wrong.
    const coo = (weights: number[], times?: number[]) => ({
      users: i32([0, 1, 1]),
      items: i32([0, 0, 1]),
      weights: f64(weights),
      ...(times ? { times: f64(times) } : {}),
    });
    expect(() => buildInteractions(coo([1, Number.NaN, 1]))).toThrow(
      'weight 1 is NaN; expected a finite number',
    );
    expect(() => buildInteractions(coo([1, 1, Number.POSITIVE_INFINITY]))).toThrow('weight 2 is Infinity');
    expect(() => buildInteractions(coo([Number.NEGATIVE_INFINITY, 1, 1]), { duplicates: 'last' })).toThrow(
      'weight 0 is -Infinity',
    );
    expect(() => buildInteractions(coo([1, 1, 1], [0, Number.NaN, 0]))).toThrow(
      'time 1 is NaN; expected a finite number',
    );
    // Finite weights whose sum (or decayed value) is not: 1e308 twice for one pair.
    expect(() =>
      buildInteractions({ users: i32([0, 0]), items: i32([1, 1]), weights: f64([1e308, 1e308]) }),
    ).toThrow('the weights of user 0 and item 1 combine to Infinity');
    const builder = new InteractionBuilder().add('u', 'a', 1).add('u', 'b', Number.NaN);
    expect(() => builder.build()).toThrow('weight 1 is NaN');
  });

  it("refuses negative implicit weights; explicit ratings (duplicates: 'last') may be negative", () => {
    expect(() =>
      buildInteractions({ users: i32([0, 0]), items: i32([0, 1]), weights: f64([5, -1]) }),
    ).toThrow(
      "weight 1 is -1; implicit weights must be >= 0 (only explicit ratings, duplicates: 'last', may be negative)",
    );
    // A Jester-style rating scale of -10..10: the latest rating per pair is kept as it is.
    const m = buildInteractions(
      { users: i32([0, 0, 1]), items: i32([0, 0, 1]), weights: f64([3, -7.5, -10]), times: f64([1, 2, 1]) },
      { duplicates: 'last' },
    );
    expect([...m.values]).toEqual([-7.5, -10]);
  });

  it('selects a subset of entries with the same shape', () => {
    const m = buildInteractions({ users: i32([0, 0, 1]), items: i32([0, 1, 1]) });
    const s = selectEntries(m, new Uint8Array([1, 0, 1]));
    expect([...s.indptr]).toEqual([0, 1, 2]);
    expect([...s.indices]).toEqual([0, 1]);
    expect(s.nItems).toBe(2);
  });
});

describe('InteractionBuilder', () => {
  it('maps string ids both ways and shares maps across builds', () => {
    const b = new InteractionBuilder();
    b.add('alice', 'shoe', 1, 100)
      .add('bob', 'hat', 5, 200)
      .add('alice', 'hat', 3, 300)
      .add('alice', 'shoe', 1, 50);
    const m = b.build();
    expect(m.userIds!.indexOf('bob')).toBe(1);
    expect(m.itemIds!.idAt(1)).toBe('hat');
    expect([...m.indptr]).toEqual([0, 2, 3]);
    expect([...m.values]).toEqual([2, 3, 5]);
    expect([...m.times]).toEqual([100, 300, 200]);

    const test = new InteractionBuilder({ userIds: m.userIds!, itemIds: m.itemIds! })
      .add('bob', 'shoe')
      .build();
    expect(test.nUsers).toBe(2);
    expect([...userItems(test, 1)]).toEqual([0]);
  });

  it('grows past its initial capacity', () => {
    const b = new InteractionBuilder();
    for (let e = 0; e < 3000; e++) b.add(`u${e % 7}`, `i${e % 11}`);
    const m = b.build();
    expect(nnz(m)).toBe(77);
    expect(m.values.reduce((a, v) => a + v, 0)).toBe(3000);
  });

  it('IdMap reports unknown ids as -1', () => {
    const ids = new IdMap(['a', 'b']);
    expect(ids.indexOf('c')).toBe(-1);
    expect(ids.toArray()).toEqual(['a', 'b']);
    expect(() => ids.idAt(2)).toThrow();
  });
});

describe('fromCsr', () => {
  it('refuses a NaN or infinite value, naming its position, as buildInteractions does', () => {
    const indptr = new Int32Array([0, 2, 3]);
    const indices = new Int32Array([0, 1, 1]);
    expect(() => fromCsr(2, 2, indptr, indices, new Float64Array([1, Number.NaN, 2]))).toThrow(
      'value 1 is NaN; expected a finite number',
    );
    expect(fromCsr(2, 2, indptr, indices, new Float64Array([1, 3, 2])).colValues).toEqual(
      new Float64Array([1, 3, 2]),
    );
  });
});
