// `eval recs --db`'s reading and splits of stored events, on every adapter: the time and leave-last-out
// splits move events, not pairs (a pair bought before the cut and again after keeps its earlier events in
// training), and a rating weighs 1 whatever its value, as a ratings file's (--data) does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type InteractionMatrix, userItems, withConstantValues } from '@storewise/core';
import type { EventInput, EventType } from '@storewise/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/import-file.js';
import {
  evaluateRecommenders,
  eventMatrix,
  readRatingsFile,
  splitRatings,
} from '../../src/recs/eval/index.js';
import {
  DEFAULT_EVENT_WEIGHTS,
  readInteractionEvents,
  readInteractions,
} from '../../src/recs/interactions.js';
import { adapters } from '../customers/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-stored-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const event = (customer: string, sku: string, type: EventType, day: number): EventInput => ({
  eventId: `${customer}-${sku}-${type}-${day}`,
  type,
  customerId: customer,
  sku,
  timestamp: new Date(Date.UTC(2026, 0, day)),
});

// c0 bought A on day 1 and again on day 6, viewed B on day 2 and bought it on day 7, carted C on day 3;
// c1 viewed A, bought D, and bought C on day 8; c2 bought A and D, carted B on day 4. Of the 11 event
// times, rank floor(0.75 x 11) = 8 is day 6: the time split's cut.
const EVENTS: EventInput[] = [
  event('c0', 'A', 'purchase', 1),
  event('c0', 'B', 'view', 2),
  event('c0', 'C', 'add_to_cart', 3),
  event('c0', 'A', 'purchase', 6),
  event('c0', 'B', 'purchase', 7),
  event('c1', 'A', 'view', 1),
  event('c1', 'D', 'purchase', 2),
  event('c1', 'C', 'purchase', 8),
  event('c2', 'A', 'purchase', 2),
  event('c2', 'D', 'purchase', 3),
  event('c2', 'B', 'add_to_cart', 4),
];

/** Each customer's { SKU: value } entries. */
function byId(m: InteractionMatrix): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (let u = 0; u < m.nUsers; u++) {
    const row: Record<string, number> = {};
    userItems(m, u).forEach((i, j) => {
      row[m.itemIds!.idAt(i)] = m.values[m.indptr[u]! + j]!;
    });
    out[m.userIds!.idAt(u)] = row;
  }
  return out;
}

describe.each(await adapters())('stored events, %s', (name, open) => {
  it('time split: training keeps the events before the cut; test the later pairs not bought before', async () => {
    const storage = await open();
    await storage.appendEvents(EVENTS);
    const { events } = await readInteractionEvents(storage, { weights: DEFAULT_EVENT_WEIGHTS });
    const ratings = eventMatrix(events);
    const split = splitRatings(ratings, 'time', 0.25, 0, events);
    // c0's A keeps its purchase of day 1 in training (weight 5; its pair weighs 10), B its view.
    expect(byId(split.train)).toEqual({
      c0: { A: 5, B: 1, C: 3 },
      c1: { A: 1, D: 5 },
      c2: { A: 5, D: 5, B: 3 },
    });
    // c0 bought A in training: served lists leave it out, so it is no target. B, only viewed, is.
    expect(byId(split.test)).toEqual({ c0: { B: 5 }, c1: { C: 5 }, c2: {} });
    expect(split.droppedOwned).toBe(1);
    expect(byId(split.exclude!)).toEqual({ c0: { A: 5 }, c1: { D: 5 }, c2: { A: 5, D: 5 } });
    // Popularity by training weight: A 11, D 10, B 4, C 3. c0's ranking leaves out A only: D, B (hit at
    // rank 2), C; c1's leaves out D: A, B, C (hit at rank 3).
    const [pop] = await evaluateRecommenders(ratings, {
      split: 'time',
      models: ['pop'],
      params: { pop: { mode: 'weight' } },
      k: 3,
      weighted: true,
      rated: false,
      events,
    });
    expect(pop!.users).toBe(2);
    expect(pop!.ndcg).toBeCloseTo((Math.log(2) / Math.log(3) + Math.log(2) / Math.log(4)) / 2, 14);
    expect(pop!.hitRate).toBe(1);
    await storage.close();
  });

  it("leave-last-out: each customer's latest pair at its latest time, its earlier events in training", async () => {
    const storage = await open();
    await storage.appendEvents(EVENTS);
    const { events } = await readInteractionEvents(storage, { weights: DEFAULT_EVENT_WEIGHTS });
    const ratings = eventMatrix(events);
    const split = splitRatings(ratings, 'leave-last-out', 0.25, 0, events);
    expect(byId(split.train)).toEqual({
      c0: { A: 10, B: 1, C: 3 },
      c1: { A: 1, D: 5 },
      c2: { A: 5, D: 5 },
    });
    expect(byId(split.test)).toEqual({ c0: { B: 5 }, c1: { C: 5 }, c2: { B: 3 } });
    // Popularity by training weight: A 16, D 10, C 3, B 1. c0 (A left out): D, C, B (hit at 3); c1 (D
    // left out): A, C (hit at 2), B; c2 (A, D left out): C, B (hit at 2).
    const [pop] = await evaluateRecommenders(ratings, {
      split: 'leave-last-out',
      models: ['pop'],
      params: { pop: { mode: 'weight' } },
      k: 3,
      weighted: true,
      rated: false,
      events,
    });
    expect(pop!.users).toBe(3);
    expect(pop!.ndcg).toBeCloseTo((Math.log(2) / Math.log(4) + (2 * Math.log(2)) / Math.log(3)) / 3, 14);
    await storage.close();
  });

  it('reads a MovieLens file imported into the store as the same matrix as the file itself (--data)', async () => {
    const file = join(dir, `u-${name}.data`);
    // Ratings 1 to 5, with a tie in time; users and items out of order.
    const rows = [
      [3, 20, 5, 881250950],
      [1, 10, 1, 881250949],
      [1, 20, 3, 881250950],
      [2, 10, 5, 881251000],
      [3, 30, 2, 881251001],
      [2, 30, 4, 881250949],
      [1, 40, 2, 881251002],
    ];
    writeFileSync(file, `${rows.map((r) => r.join('\t')).join('\n')}\n`);
    const storage = await open();
    await importFile(storage, file, { format: 'movielens' });
    const stored = (await readInteractions(storage, { weights: DEFAULT_EVENT_WEIGHTS })).matrix;
    const fromFile = withConstantValues((await readRatingsFile(file, { format: 'movielens' })).ratings, 1);
    expect(stored.userIds!.toArray()).toEqual(fromFile.userIds!.toArray());
    expect(stored.itemIds!.toArray()).toEqual(fromFile.itemIds!.toArray());
    expect([...stored.indptr]).toEqual([...fromFile.indptr]);
    expect([...stored.indices]).toEqual([...fromFile.indices]);
    expect([...stored.values]).toEqual([...fromFile.values]);
    expect([...stored.values]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect([...stored.times]).toEqual([...fromFile.times]);
    await storage.close();
  });
});
