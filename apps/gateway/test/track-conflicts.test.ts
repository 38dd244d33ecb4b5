// trackEvents over HTTP with an eventId already stored under other content: the first stored is kept,
// and the call reports it (differing, conflicts), with values for a write key, field names only for a
// storefront key. On memory and on a PostgreSQL server (the SQL adapters' staged path).
import { postgresTestServer } from '@storewise/storage/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { dataOf, gql, startTestGateway } from './harness.js';

const TRACK = `mutation ($events: [EventInput!]!) {
  trackEvents(events: $events) { inserted duplicates differing conflicts { index field message } rejected }
}`;

interface Tracked {
  inserted: number;
  duplicates: number;
  differing: number;
  conflicts: { index: number; field: string; message: string }[];
  rejected: number;
}

const server = await postgresTestServer();
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});
const DATABASES: [string, () => Promise<string>][] = [['memory', async () => 'memory:']];
if (server.available)
  DATABASES.push([
    'postgres',
    async () => {
      const db = await server.freshDatabase();
      drops.push(db.drop);
      return db.url;
    },
  ]);

const at = '2024-03-01T10:00:00.000Z';

describe.each(DATABASES)('trackEvents with repeated eventIds on %s', (_, database) => {
  it('reports the fields of a repeat with other content, keeping the first stored', async () => {
    const gw = await startTestGateway({}, await database());
    try {
      const writer = await gw.key(['write']);
      const first = [{ eventId: 'e1', type: 'VIEW', customerId: 'c1', sku: 'A', timestamp: at }];
      const r1 = await gql(gw.url, TRACK, { key: writer, variables: { events: first } });
      expect(dataOf<Tracked>(r1, 'trackEvents')).toEqual({
        inserted: 1,
        duplicates: 0,
        differing: 0,
        conflicts: [],
        rejected: 0,
      });
      const again = [
        { eventId: 'e2', type: 'VIEW', customerId: 'c1', sku: 'B', timestamp: at },
        { eventId: 'e1', type: 'PURCHASE', customerId: 'c1', sku: 'A', quantity: 2, timestamp: at },
        { eventId: 'e1', type: 'VIEW', customerId: 'c1', sku: 'A', timestamp: at },
      ];
      const r2 = await gql(gw.url, TRACK, { key: writer, variables: { events: again } });
      expect(dataOf<Tracked>(r2, 'trackEvents')).toEqual({
        inserted: 1,
        duplicates: 2,
        differing: 1,
        conflicts: [
          {
            index: 1,
            field: 'type',
            message:
              'events[1].type differs from the event stored under this eventId (stored "view", given "purchase"); the first stored is kept',
          },
          {
            index: 1,
            field: 'quantity',
            message:
              'events[1].quantity differs from the event stored under this eventId (stored nothing, given 2); the first stored is kept',
          },
        ],
        rejected: 0,
      });
      const stored = [];
      for await (const batch of gw.storage.scanEvents({ customerId: 'c1' })) stored.push(...batch);
      expect(stored.find((e) => e.eventId === 'e1')).toMatchObject({ type: 'view', quantity: null });
      expect(gw.internalErrors).toEqual([]);
    } finally {
      await gw.close();
    }
  });

  it('does not compare the time of an event sent without one (a retry gets a new time of receipt)', async () => {
    const gw = await startTestGateway({}, await database());
    try {
      const writer = await gw.key(['write']);
      const events = [{ eventId: 'n1', type: 'VIEW', customerId: 'c1', sku: 'A' }];
      await gql(gw.url, TRACK, { key: writer, variables: { events } });
      await new Promise((resolve) => setTimeout(resolve, 5)); // a later time of receipt
      const r = await gql(gw.url, TRACK, { key: writer, variables: { events } });
      expect(dataOf<Tracked>(r, 'trackEvents')).toMatchObject({ duplicates: 1, differing: 0, conflicts: [] });
    } finally {
      await gw.close();
    }
  });

  it("tells a storefront key which fields differ, not the stored event's values", async () => {
    const gw = await startTestGateway({}, await database());
    try {
      await gw.storage.upsertItems([{ sku: 'A', title: 'Mug' }]);
      const storefront = await gw.key(['storefront']);
      const first = [{ eventId: 's1', type: 'VIEW', sku: 'A', timestamp: at }];
      await gql(gw.url, TRACK, { key: storefront, variables: { events: first } });
      const other = [{ eventId: 's1', type: 'ADD_TO_CART', sku: 'A', quantity: 1, timestamp: at }];
      const r = await gql(gw.url, TRACK, { key: storefront, variables: { events: other } });
      expect(dataOf<Tracked>(r, 'trackEvents')).toEqual({
        inserted: 0,
        duplicates: 1,
        differing: 1,
        conflicts: [
          {
            index: 0,
            field: 'type',
            message:
              'events[0].type differs from the event stored under this eventId; the first stored is kept',
          },
          {
            index: 0,
            field: 'quantity',
            message:
              'events[0].quantity differs from the event stored under this eventId; the first stored is kept',
          },
        ],
        rejected: 0,
      });
    } finally {
      await gw.close();
    }
  });
});
