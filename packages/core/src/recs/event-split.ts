/**
 * Time and leave-last-out splits of interaction events rather than of their user-item pairs, for stored
 * events where a pair has many (a customer who bought an item before the cut and again after it). Training
 * is the matrix built from the events before the cut alone, with their weights, so none of a pair's earlier
 * events is lost from it and none of its later ones leaks into it; test is the pairs with events after the
 * cut. What is evaluated is what is served: a customer's own items (bought or rated, `owned`) are left out
 * of served lists, so the items owned in training are left out of the ranking (`exclude`) and a test pair
 * owned in training is dropped (an unreachable target, counted in `droppedOwned`); an item only viewed or
 * carted in training stays rankable, and its later purchase is a hit.
 *
 * With one event per pair (a ratings file, MovieLens imported), both splits give the pair splits of
 * split.ts exactly: the same cut, the same seeded draws.
 */
import type { IdMap } from './id-map.js';
import { buildInteractions, findEntry, type InteractionMatrix, nnz, selectEntries } from './interactions.js';
import { leaveLastOut, type TrainTest, timeCut } from './split.js';

/** Interaction events in coordinate form, with the matrix shape and ids they index. */
export interface InteractionEvents {
  users: Int32Array;
  items: Int32Array;
  weights: Float64Array;
  /** Event times, ms since the epoch. */
  times: Float64Array;
  /** 1 where the event makes the item the user's own (a purchase or a rating), else 0. */
  owned: Uint8Array;
  nUsers: number;
  nItems: number;
  userIds: IdMap | null;
  itemIds: IdMap | null;
}

export interface EventTrainTest extends TrainTest {
  /** Per user, the items owned in training: what a ranking leaves out (rankingRun's `exclude`). */
  exclude: InteractionMatrix;
  /** Test pairs left out because the user owned the item in training (served lists never show it). */
  droppedOwned: number;
}

/** The matrix of the events flagged in `keep` (all when absent): weights summed per pair, latest time. */
export function eventMatrix(events: InteractionEvents, keep?: Uint8Array): InteractionMatrix {
  const chosen = keep ? subset(events, keep) : events;
  return buildInteractions(
    { users: chosen.users, items: chosen.items, weights: chosen.weights, times: chosen.times },
    {
      nUsers: events.nUsers,
      nItems: events.nItems,
      userIds: events.userIds,
      itemIds: events.itemIds,
      duplicates: 'sum',
    },
  );
}

/**
 * Global time cut over the events: events at or after `cutTime` are test. With `testRatio` instead, the cut
 * is the time that leaves about that share of the events after it (split.ts's timeCut).
 */
export function eventTimeSplit(
  events: InteractionEvents,
  options: { cutTime?: number; testRatio?: number },
): EventTrainTest {
  const cut = options.cutTime ?? timeCut(events.times, options.testRatio);
  const toTest = new Uint8Array(events.users.length);
  for (let e = 0; e < toTest.length; e++) toTest[e] = events.times[e]! >= cut ? 1 : 0;
  return splitEvents(events, toTest);
}

/**
 * Per-user leave-last-out over the events: the pair split.ts's leaveLastOut holds out of the pairs (each
 * user's `n` latest, ties by a seeded draw; users with `n` pairs or fewer stay in training) is test, with
 * its events at its latest time; the pair's earlier events stay in training.
 */
export function eventLeaveLastOut(
  events: InteractionEvents,
  options: { n?: number; seed?: number } = {},
): EventTrainTest {
  const { test } = leaveLastOut(eventMatrix(events), options);
  const toTest = new Uint8Array(events.users.length);
  for (let e = 0; e < toTest.length; e++) {
    const p = findEntry(test, events.users[e]!, events.items[e]!);
    toTest[e] = p >= 0 && events.times[e]! === test.times[p]! ? 1 : 0;
  }
  return splitEvents(events, toTest);
}

/** Training from the events not flagged in `toTest`, test from the flagged ones, less the owned pairs. */
function splitEvents(events: InteractionEvents, toTest: Uint8Array): EventTrainTest {
  const n = toTest.length;
  const inTrain = new Uint8Array(n);
  const ownedInTrain = new Uint8Array(n);
  for (let e = 0; e < n; e++) {
    inTrain[e] = toTest[e] ? 0 : 1;
    ownedInTrain[e] = inTrain[e]! & events.owned[e]!;
  }
  const train = eventMatrix(events, inTrain);
  const exclude = eventMatrix(events, ownedInTrain);
  const later = eventMatrix(events, toTest);
  const keep = new Uint8Array(nnz(later));
  let droppedOwned = 0;
  for (let u = 0; u < later.nUsers; u++) {
    for (let p = later.indptr[u]!; p < later.indptr[u + 1]!; p++) {
      const owned = findEntry(exclude, u, later.indices[p]!) >= 0;
      keep[p] = owned ? 0 : 1;
      if (owned) droppedOwned++;
    }
  }
  return { train, test: selectEntries(later, keep), exclude, droppedOwned };
}

function subset(events: InteractionEvents, keep: Uint8Array): InteractionEvents {
  let m = 0;
  for (let e = 0; e < keep.length; e++) m += keep[e]!;
  const out: InteractionEvents = {
    ...events,
    users: new Int32Array(m),
    items: new Int32Array(m),
    weights: new Float64Array(m),
    times: new Float64Array(m),
    owned: new Uint8Array(m),
  };
  for (let e = 0, j = 0; e < keep.length; e++) {
    if (!keep[e]) continue;
    out.users[j] = events.users[e]!;
    out.items[j] = events.items[e]!;
    out.weights[j] = events.weights[e]!;
    out.times[j] = events.times[e]!;
    out.owned[j] = events.owned[e]!;
    j++;
  }
  return out;
}
