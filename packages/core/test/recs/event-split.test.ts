import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/random/rng.js';
import {
  eventLeaveLastOut,
  eventMatrix,
  eventTimeSplit,
  type InteractionEvents,
} from '../../src/recs/event-split.js';
import { type InteractionMatrix, userItems } from '../../src/recs/interactions.js';
import { leaveLastOut, timeSplit } from '../../src/recs/split.js';

const VIEW = 1;
const CART = 3;
const BUY = 5;

/** Events as [user, item, weight, time]; purchases (weight 5) are owned. */
function events(rows: [number, number, number, number][], nUsers: number, nItems: number): InteractionEvents {
  return {
    users: Int32Array.from(rows, (r) => r[0]),
    items: Int32Array.from(rows, (r) => r[1]),
    weights: Float64Array.from(rows, (r) => r[2]),
    times: Float64Array.from(rows, (r) => r[3]),
    owned: Uint8Array.from(rows, (r) => (r[2] === BUY ? 1 : 0)),
    nUsers,
    nItems,
    userIds: null,
    itemIds: null,
  };
}

/** Each user's [item, value] entries. */
const entries = (m: InteractionMatrix) =>
  Array.from({ length: m.nUsers }, (_, u) =>
    Array.from(userItems(m, u), (i, j) => [i, m.values[m.indptr[u]! + j]!]),
  );

// u0 bought item 0 before the cut (t 1) and again after it (t 5); viewed item 1 before and bought it after;
// carted item 2 before. u1 viewed item 0 and bought item 3 before, bought item 2 after. Cut at 4.
const SHOP = events(
  [
    [0, 0, BUY, 1],
    [0, 0, BUY, 5],
    [0, 1, VIEW, 2],
    [0, 1, BUY, 6],
    [0, 2, CART, 3],
    [1, 0, VIEW, 1],
    [1, 3, BUY, 2],
    [1, 2, BUY, 7],
  ],
  2,
  4,
);

describe('eventTimeSplit', () => {
  it('trains on the events before the cut and tests the pairs after it, less those owned in training', () => {
    const { train, test, exclude, droppedOwned } = eventTimeSplit(SHOP, { cutTime: 4 });
    // Training keeps u0's purchase of item 0 before the cut, with its weight alone (5, not 10).
    expect(entries(train)).toEqual([
      [
        [0, BUY],
        [1, VIEW],
        [2, CART],
      ],
      [
        [0, VIEW],
        [3, BUY],
      ],
    ]);
    // u0's item 0, bought in training, is never served again: dropped. Item 1, only viewed in training,
    // is a test pair (its later purchase a hit), as is u1's item 2.
    expect(entries(test)).toEqual([[[1, BUY]], [[2, BUY]]]);
    expect(droppedOwned).toBe(1);
    // The ranking leaves out what was bought in training only: item 0 for u0, item 3 for u1.
    expect([...userItems(exclude, 0)]).toEqual([0]);
    expect([...userItems(exclude, 1)]).toEqual([3]);
  });

  it('cuts at the time leaving about testRatio of the events after it', () => {
    // Times 1 1 2 2 3 5 6 7: rank floor(0.75 * 8) = 6 is time 6; u0's item 1 (t 6) and u1's item 2 (t 7).
    const { test, droppedOwned } = eventTimeSplit(SHOP, { testRatio: 0.25 });
    expect(entries(test)).toEqual([[[1, BUY]], [[2, BUY]]]);
    expect(droppedOwned).toBe(0);
  });

  it('moves a pair whole in the pair split, which this one does not', () => {
    // The pair split it replaces on stored events: u0's items 0 and 1 (latest times 5 and 6) went to test
    // whole, their events before the cut with them.
    const pairs = timeSplit(eventMatrix(SHOP), { cutTime: 4 });
    expect(entries(pairs.train)[0]).toEqual([[2, CART]]);
    expect(entries(pairs.test)[0]).toEqual([
      [0, BUY + BUY],
      [1, VIEW + BUY],
    ]);
  });
});

describe('eventLeaveLastOut', () => {
  it("holds out each user's latest pair at its latest time, keeping the pair's earlier events in training", () => {
    // u2 bought item 0, item 1, then item 0 again: the held-out pair was bought in training, so dropped.
    const data = events(
      [
        [0, 0, BUY, 1],
        [0, 0, BUY, 5],
        [0, 1, VIEW, 2],
        [0, 1, BUY, 6],
        [0, 2, CART, 3],
        [1, 0, VIEW, 1],
        [1, 3, BUY, 2],
        [1, 2, BUY, 7],
        [2, 0, BUY, 1],
        [2, 1, BUY, 2],
        [2, 0, BUY, 3],
      ],
      3,
      4,
    );
    const { train, test, droppedOwned } = eventLeaveLastOut(data, { seed: 0 });
    expect(entries(train)).toEqual([
      [
        [0, BUY + BUY],
        [1, VIEW],
        [2, CART],
      ],
      [
        [0, VIEW],
        [3, BUY],
      ],
      [
        [0, BUY],
        [1, BUY],
      ],
    ]);
    expect(entries(test)).toEqual([[[1, BUY]], [[2, BUY]], []]);
    expect(droppedOwned).toBe(1);
  });
});

describe('with one event per pair (ratings)', () => {
  /** Distinct pairs, each rated once; times with ties. */
  function ratings(): InteractionEvents {
    const rng = createRng(3);
    const rows: [number, number, number, number][] = [];
    for (let u = 0; u < 30; u++) {
      const chosen = new Set<number>();
      const count = 1 + rng.int(12);
      while (chosen.size < count) chosen.add(rng.int(25));
      for (const i of chosen) rows.push([u, i, 1, rng.int(40)]);
    }
    const e = events(rows, 30, 25);
    e.owned.fill(1);
    return e;
  }

  it('gives the pair splits exactly', () => {
    const data = ratings();
    const pairs = eventMatrix(data);
    const time = eventTimeSplit(data, { testRatio: 0.25 });
    const pairTime = timeSplit(pairs, { testRatio: 0.25 });
    expect(entries(time.train)).toEqual(entries(pairTime.train));
    expect(entries(time.test)).toEqual(entries(pairTime.test));
    expect(entries(time.exclude)).toEqual(entries(pairTime.train));
    const last = eventLeaveLastOut(data, { seed: 5 });
    const pairLast = leaveLastOut(pairs, { seed: 5 });
    expect(entries(last.train)).toEqual(entries(pairLast.train));
    expect(entries(last.test)).toEqual(entries(pairLast.test));
    expect(last.droppedOwned + time.droppedOwned).toBe(0);
  });
});
