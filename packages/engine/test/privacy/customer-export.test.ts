import type { Storage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import {
  type CustomerDataExport,
  CustomerExportError,
  exportCustomerData,
  writeCustomerData,
} from '../../src/index.js';
import { adapters } from '../customers/stores.js';

const day = (d: number, h = 0): Date => new Date(Date.UTC(2024, 2, d, h));
const now = new Date('2024-04-01T12:00:00.000Z');

/**
 * ann: a record with attributes and consent (she declines analytics: the export is hers all the same), four
 * events appended out of time order, two scores, one current segment and two snapshots, one campaign
 * assignment. ben and an anonymous visitor have events of their own, which are not hers.
 */
async function shop(s: Storage): Promise<void> {
  await s.upsertCustomers([
    {
      externalId: 'ann',
      country: 'DE',
      attributes: { email: 'ann@example.com', tier: 'gold' },
      consent: { marketing: true, analytics: false },
    },
  ]);
  await s.appendEvents([
    { eventId: 'a3', type: 'search', customerId: 'ann', sku: null, timestamp: day(3), query: 'teapot' },
    {
      eventId: 'a2',
      type: 'purchase',
      customerId: 'ann',
      sku: 'mug',
      timestamp: day(2),
      quantity: 2,
      unitPrice: 5,
      orderId: 'o1',
      sessionId: 's1',
    },
    { eventId: 'a1', type: 'view', customerId: 'ann', sku: 'mug', timestamp: day(1), sessionId: 's1' },
    { eventId: 'a4', type: 'rating', customerId: 'ann', sku: 'mug', timestamp: day(4), rating: 4 },
    { eventId: 'b1', type: 'view', customerId: 'ben', sku: 'mug', timestamp: day(1) },
    { eventId: 'x1', type: 'view', customerId: null, sku: 'mug', timestamp: day(1) },
  ]);
  await s.upsertScores([
    { customerId: 'ann', model: 'p_purchase_30d', score: 0.25, computedAt: day(5) },
    { customerId: 'ann', model: 'clv_12m', score: 40, computedAt: day(5) },
    { customerId: 'ben', model: 'clv_12m', score: 3, computedAt: day(5) },
  ]);
  await s.upsertSegment({ id: 'vip', name: 'VIP', kind: 'rule' });
  await s.upsertSegment({ id: 'all', name: 'Everyone', kind: 'rule' });
  await s.refreshSegment('vip', ['ann'], day(6));
  await s.refreshSegment('vip', ['ben'], day(7));
  await s.refreshSegment('all', ['ann', 'ben'], day(7));
  await s.upsertCampaign({ id: 'spring', name: 'Spring sale', definition: {} });
  await s.recordAssignments([
    {
      campaignId: 'spring',
      customerId: 'ann',
      arm: 'ten-off',
      holdout: false,
      reason: { policy: 'fixed-split', arm: 0 },
      couponCode: 'SP-1',
      cost: 1.5,
      assignedAt: day(8),
    },
  ]);
  await s.recordRejects([
    {
      source: 'orders.csv',
      line: 7,
      field: 'timestamp',
      reason: 'not a date',
      raw: 'ann,o9,yesterday,-1',
      customerId: 'ann',
    },
    {
      source: 'orders.csv',
      line: 7,
      field: 'quantity',
      reason: 'non-positive quantity',
      raw: 'ann,o9,yesterday,-1',
      customerId: 'ann',
    },
    {
      source: 'orders.csv',
      line: 9,
      field: 'quantity',
      reason: 'not a number',
      raw: 'ben,o10,x',
      customerId: 'ben',
    },
    // Its customer field was the bad one: linked to no one, though its text names ann.
    { source: 'orders.csv', line: 11, field: 'customer_id', reason: 'NUL character', raw: 'ann\ufffd,o11,1' },
    // zoe: every row of hers was refused, so the store holds no record of her.
    {
      source: 'orders.csv',
      line: 12,
      field: 'quantity',
      reason: 'not a number',
      raw: 'zoe,o12,x',
      customerId: 'zoe',
    },
  ]);
}

const nulls = { quantity: null, unitPrice: null, rating: null, query: null, sessionId: null, orderId: null };

/** Her document as worked out from `shop` by hand (the record's dates are the store's own). */
function annExpected(createdAt: string, updatedAt: string): Omit<CustomerDataExport, 'notes'> {
  return {
    format: 'storewise.customer-data',
    formatVersion: 1,
    exportedAt: '2024-04-01T12:00:00.000Z',
    customerId: 'ann',
    customer: {
      externalId: 'ann',
      country: 'DE',
      attributes: { email: 'ann@example.com', tier: 'gold' },
      consent: { marketing: true, analytics: false },
      createdAt,
      updatedAt,
    },
    erasureList: { listed: false },
    scores: [
      { model: 'clv_12m', score: 40, computedAt: '2024-03-05T00:00:00.000Z' },
      { model: 'p_purchase_30d', score: 0.25, computedAt: '2024-03-05T00:00:00.000Z' },
    ],
    // Left vip at its refresh of March 7; its snapshot of March 6 still holds her.
    segmentMemberships: [{ segmentId: 'all', segmentName: 'Everyone', since: '2024-03-07T00:00:00.000Z' }],
    segmentSnapshots: [
      { segmentId: 'vip', segmentName: 'VIP', asOf: '2024-03-06T00:00:00.000Z' },
      { segmentId: 'all', segmentName: 'Everyone', asOf: '2024-03-07T00:00:00.000Z' },
    ],
    campaignAssignments: [
      {
        campaignId: 'spring',
        campaignName: 'Spring sale',
        arm: 'ten-off',
        holdout: false,
        reason: { policy: 'fixed-split', arm: 0 },
        couponCode: 'SP-1',
        cost: 1.5,
        assignedAt: '2024-03-08T00:00:00.000Z',
      },
    ],
    importRejects: [
      { source: 'orders.csv', line: 7, field: 'timestamp', reason: 'not a date', raw: 'ann,o9,yesterday,-1' },
      {
        source: 'orders.csv',
        line: 7,
        field: 'quantity',
        reason: 'non-positive quantity',
        raw: 'ann,o9,yesterday,-1',
      },
    ],
    events: [
      {
        ...nulls,
        eventId: 'a1',
        type: 'view',
        sku: 'mug',
        timestamp: '2024-03-01T00:00:00.000Z',
        sessionId: 's1',
      },
      {
        ...nulls,
        eventId: 'a2',
        type: 'purchase',
        sku: 'mug',
        timestamp: '2024-03-02T00:00:00.000Z',
        quantity: 2,
        unitPrice: 5,
        sessionId: 's1',
        orderId: 'o1',
      },
      {
        ...nulls,
        eventId: 'a3',
        type: 'search',
        sku: null,
        timestamp: '2024-03-03T00:00:00.000Z',
        query: 'teapot',
      },
      {
        ...nulls,
        eventId: 'a4',
        type: 'rating',
        sku: 'mug',
        timestamp: '2024-03-04T00:00:00.000Z',
        rating: 4,
      },
    ],
    rows: {
      customer: 1,
      events: 4,
      scores: 2,
      segmentMembers: 1,
      segmentSnapshots: 2,
      campaignAssignments: 1,
      importRejects: 2,
    },
  };
}

describe('exportCustomerData', async () => {
  for (const [name, open] of await adapters()) {
    describe(name, () => {
      it("exports everything stored about the customer, worked out by hand, and nobody else's rows", async () => {
        const s = await open();
        try {
          await shop(s);
          const record = (await s.getCustomer('ann'))!;
          const doc = await exportCustomerData(s, 'ann', { now });
          const { notes, ...rest } = doc;
          expect(rest).toEqual(annExpected(record.createdAt.toISOString(), record.updatedAt.toISOString()));
          expect(notes.rejectedImportFields.kept).toBe(5);
          expect(notes.rejectedImportFields.note).toContain('linked to no customer');
          // The document is plain JSON: nothing is lost in a round trip.
          expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
        } finally {
          await s.close();
        }
      });

      it('covers exactly the rows deleteCustomer then removes, table by table', async () => {
        const s = await open();
        try {
          await shop(s);
          for (const id of ['ann', 'ben', 'zoe']) {
            const doc = await exportCustomerData(s, id, { now });
            const sections = {
              customer: doc.customer === null ? 0 : 1,
              events: doc.events.length,
              scores: doc.scores.length,
              segmentMembers: doc.segmentMemberships.length,
              segmentSnapshots: doc.segmentSnapshots.length,
              campaignAssignments: doc.campaignAssignments.length,
              importRejects: doc.importRejects.length,
            };
            expect(doc.rows).toEqual(sections);
            expect(await s.deleteCustomer(id), id).toEqual(sections);
          }
          // By hand: ann's two rejects of line 7, ben's one, zoe's one and no record of her.
          expect((await s.counts()).rejects).toBe(1);
        } finally {
          await s.close();
        }
      });

      it('writes the same document in batches of events, one event a line', async () => {
        const s = await open();
        try {
          await shop(s);
          const chunks: string[] = [];
          const rows = await writeCustomerData(s, 'ann', (t) => void chunks.push(t), { now, batchSize: 3 });
          // The head, a batch of 3 events, a batch of 1, the tail.
          expect(chunks).toHaveLength(4);
          const text = chunks.join('');
          expect(JSON.parse(text)).toEqual(await exportCustomerData(s, 'ann', { now }));
          expect(rows.events).toBe(4);
          expect(text.split('\n').filter((l) => l.startsWith('    {"eventId"'))).toHaveLength(4);
          // A customer without events: an empty list.
          await s.upsertCustomers([{ externalId: 'cy' }]);
          const empty: string[] = [];
          await writeCustomerData(s, 'cy', (t) => void empty.push(t), { now });
          expect(JSON.parse(empty.join('')).events).toEqual([]);
        } finally {
          await s.close();
        }
      });

      it('writes a document of one moment while the store is written meanwhile', async () => {
        const s = await open();
        try {
          await shop(s);
          let writing: Promise<unknown> | null = null;
          const chunks: string[] = [];
          await writeCustomerData(
            s,
            'ann',
            async (t) => {
              chunks.push(t);
              if (writing !== null) return;
              // After the head, before the events: a new event of hers and a new country, written outside the
              // export. The embedded and memory stores make it wait for the export; a server commits it from
              // another connection meanwhile (given the time to).
              writing = Promise.all([
                s.appendEvents([
                  { eventId: 'a5', type: 'view', customerId: 'ann', sku: 'mug', timestamp: day(5) },
                ]),
                s.upsertCustomers([{ externalId: 'ann', country: 'FR' }]),
              ]);
              await Promise.race([writing, new Promise((r) => setTimeout(r, 300))]);
            },
            { now },
          );
          await writing;
          const doc = JSON.parse(chunks.join('')) as CustomerDataExport;
          expect(doc.customer?.country).toBe('DE');
          expect(doc.events.map((e) => e.eventId)).not.toContain('a5');
          expect(doc.rows.events).toBe(4);
          const after = await exportCustomerData(s, 'ann', { now });
          expect(after.customer?.country).toBe('FR');
          expect(after.rows.events).toBe(5);
        } finally {
          await s.close();
        }
      });

      it('refuses an unknown customer, and says when they were erased, writing nothing', async () => {
        const s = await open();
        try {
          await shop(s);
          await expect(exportCustomerData(s, 'zed')).rejects.toThrow('no customer "zed" in the store');
          await s.deleteCustomer('ann');
          const written: string[] = [];
          const refused = await writeCustomerData(s, 'ann', (t) => void written.push(t)).catch((e) => e);
          expect(refused).toBeInstanceOf(CustomerExportError);
          expect(refused).toMatchObject({ customerId: 'ann', erased: true });
          expect(refused.message).toBe(
            'no customer "ann": they were erased (deleteCustomer), and the store holds nothing about them',
          );
          expect(written).toEqual([]);
        } finally {
          await s.close();
        }
      });
    });
  }
});
