/**
 * A hand-built shop for the recommender tests: six items in three categories (B out of stock, C with
 * untracked stock) and six customers whose events are listed below (p purchase, v view, c add to cart),
 * one per day from 2025-01-01. With the default weights (view 1, cart 3, purchase 5) the matrix is
 *        A  B  C  D  E  F
 *   c1   5  5  5  .  .  .
 *   c2   5  5  .  .  .  1
 *   c3   5  .  5  1  .  .
 *   c4   .  .  .  5  5  .
 *   c5   .  5  5  5  .  3
 *   c6   .  .  .  5  1  5
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventInput, type ItemInput, openStorage, type Storage } from '@storewise/storage';
import { postgresTestServer } from '@storewise/storage/testkit';
import { afterAll } from 'vitest';

export const ITEMS: ItemInput[] = [
  { sku: 'A', title: 'Mug', categoryPath: ['Home', 'Kitchen'], stock: 5 },
  { sku: 'B', title: 'Teapot', categoryPath: ['Home', 'Kitchen'], stock: 0 },
  { sku: 'C', title: 'Trowel', categoryPath: ['Home', 'Garden'], stock: null },
  { sku: 'D', title: 'Kite', categoryPath: ['Toys'], stock: 3 },
  { sku: 'E', title: 'Yo-yo', categoryPath: ['Toys'], stock: 2 },
  { sku: 'F', title: 'Kettle', categoryPath: ['Home', 'Kitchen'], stock: 4 },
];

const HISTORY: [string, string][] = [
  ['c1', 'pA pB pC'],
  ['c2', 'pA pB vF'],
  ['c3', 'pA pC vD'],
  ['c4', 'pD pE'],
  ['c5', 'pB pC pD cF'],
  ['c6', 'vE pD pF'],
];

const TYPES = { p: 'purchase', v: 'view', c: 'add_to_cart' } as const;
const DAY = 86_400_000;
export const START = Date.UTC(2025, 0, 1);

/** The fixture's events, one per day in the order listed. */
export function fixtureEvents(): EventInput[] {
  const out: EventInput[] = [];
  for (const [customer, list] of HISTORY) {
    for (const code of list.split(' ')) {
      const day = out.length;
      out.push({
        eventId: `e${day}`,
        type: TYPES[code[0] as keyof typeof TYPES],
        customerId: customer,
        sku: code.slice(1),
        timestamp: new Date(START + day * DAY),
      });
    }
  }
  return out;
}

/** An event `days` after the fixture's last one. */
export function laterEvent(
  id: string,
  customer: string,
  type: EventInput['type'],
  sku: string,
  days = 1,
): EventInput {
  return { eventId: id, type, customerId: customer, sku, timestamp: new Date(START + (17 + days) * DAY) };
}

export async function seedShop(storage: Storage): Promise<Storage> {
  await storage.upsertCustomers(HISTORY.map(([externalId]) => ({ externalId })));
  await storage.upsertItems(ITEMS);
  await storage.appendEvents(fixtureEvents());
  return storage;
}

const dir = mkdtempSync(join(tmpdir(), 'storewise-recs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let opened = 0;

/** The adapters every storage-backed test runs on: memory, PGlite, and PostgreSQL where a server runs. */
export async function adapters(): Promise<[string, () => Promise<Storage>][]> {
  const list: [string, () => Promise<Storage>][] = [
    ['memory', () => openStorage('memory:')],
    ['pglite', () => openStorage(join(dir, `db-${++opened}`))],
  ];
  const server = await postgresTestServer();
  if (server.available) {
    const drops: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const drop of drops) await drop();
    });
    list.push([
      'postgres',
      async () => {
        const db = await server.freshDatabase();
        drops.push(db.drop);
        return openStorage(db.url);
      },
    ]);
  }
  return list;
}
