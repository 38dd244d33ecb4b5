import { describe, expect, it } from 'vitest';
import { collect } from './collect.js';
import { event, shopEvents } from './fixtures.js';
import type { WithStorage } from './index.js';

export function lifecycleTests(withStorage: WithStorage): void {
  describe('transactions', () => {
    it(
      'leaves nothing of a failed transaction behind, and keeps a successful one',
      withStorage(async (s) => {
        await s.upsertItems([{ sku: 'kept', price: 1 }]);
        await expect(
          s.transaction(async (tx) => {
            await tx.upsertCustomers([{ externalId: 'ghost', country: 'Spain' }]);
            await tx.upsertItems([{ sku: 'kept', price: 99 }, { sku: 'ghost-item' }]);
            await tx.appendEvents([event('t1', { customerId: 'ghost', sku: 'ghost-item' }), event('t2')]);
            await tx.upsertScores([{ customerId: 'ghost', model: 'p', score: 0.5 }]);
            await tx.saveModel({ name: 'm', kind: 'k', params: {}, metrics: {}, bytes: new Uint8Array([1]) });
            await tx.recordRejects([{ source: 'f', line: 1, field: 'x', reason: 'r', raw: '' }]);
            throw new Error('batch failed half-way');
          }),
        ).rejects.toThrow('batch failed half-way');
        expect(await s.getCustomer('ghost')).toBeNull();
        expect(await s.getCustomer('c1')).toBeNull();
        expect(await s.getItem('ghost-item')).toBeNull();
        expect((await s.getItem('kept'))!.price).toBe(1);
        expect(await s.counts()).toMatchObject({ customers: 0, items: 1, events: 0, models: 0, rejects: 0 });

        const result = await s.transaction(async (tx) => {
          await tx.appendEvents([event('t1', { customerId: 'real' })]);
          return 'done';
        });
        expect(result).toBe('done');
        expect((await s.counts()).events).toBe(1);
        // Ids freed by the rollback are usable again.
        expect(await s.appendEvents([event('t2')])).toEqual({
          inserted: 1,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: [],
        });
      }),
    );

    it(
      'rolls a failed nested transaction back to where it began',
      withStorage(async (s) => {
        await s.transaction(async (tx) => {
          await tx.appendEvents([event('outer')]);
          await expect(
            tx.transaction(async (inner) => {
              await inner.appendEvents([event('inner')]);
              throw new Error('inner failed');
            }),
          ).rejects.toThrow('inner failed');
        });
        const { rows } = await collect(s.scanEvents());
        expect(rows.map((e) => e.eventId)).toEqual(['outer']);
      }),
    );

    it(
      'reads in a read-only transaction, refuses its writes and keeps nothing of them',
      withStorage(async (s) => {
        await s.appendEvents([event('r1', { customerId: 'reader' })]);
        const seen = await s.transaction(
          async (tx) => {
            const before = await tx.getCustomer('reader');
            await expect(tx.upsertCustomers([{ externalId: 'reader', country: 'Spain' }])).rejects.toThrow();
            await expect(tx.appendEvents([event('r2', { customerId: 'reader' })])).rejects.toThrow();
            return { before, events: (await collect(tx.scanEvents({ customerId: 'reader' }))).rows };
          },
          { readOnly: true },
        );
        expect(seen.before).toMatchObject({ externalId: 'reader', country: null });
        expect(seen.events.map((e) => e.eventId)).toEqual(['r1']);
        expect((await s.getCustomer('reader'))!.country).toBeNull();
        expect((await s.counts()).events).toBe(1);
        // Writes go on once it has ended.
        await s.upsertCustomers([{ externalId: 'reader', country: 'Spain' }]);
        expect((await s.getCustomer('reader'))!.country).toBe('Spain');
      }),
    );

    it(
      'shows a read-only transaction one state of the store while another write waits or commits',
      withStorage(async (s) => {
        await s.upsertCustomers([{ externalId: 'snap', country: 'France' }]);
        let writing: Promise<unknown> = Promise.resolve();
        const countries = await s.transaction(
          async (tx) => {
            const first = (await tx.getCustomer('snap'))!.country;
            // Outside the transaction: an adapter of one connection makes it wait for the transaction's end;
            // a server commits it from another connection meanwhile (given time to).
            writing = s.upsertCustomers([{ externalId: 'snap', country: 'Peru' }]);
            await Promise.race([writing, new Promise((r) => setTimeout(r, 300))]);
            return [first, (await tx.getCustomer('snap'))!.country];
          },
          { readOnly: true },
        );
        await writing;
        expect(countries).toEqual(['France', 'France']);
        expect((await s.getCustomer('snap'))!.country).toBe('Peru');
      }),
    );
  });

  describe('deleting a customer', () => {
    it(
      'removes their events and derived scores, reports the counts, and touches no one else',
      withStorage(async (s) => {
        await s.appendEvents(shopEvents);
        await s.upsertScores([
          { customerId: 'alice', model: 'propensity', score: 0.8 },
          { customerId: 'alice', model: 'clv', score: 120 },
          { customerId: 'bob', model: 'propensity', score: 0.1 },
        ]);
        expect(await s.deleteCustomer('alice')).toEqual({
          customer: 1,
          events: 6,
          scores: 2,
          segmentMembers: 0,
          segmentSnapshots: 0,
          campaignAssignments: 0,
          importRejects: 0,
        });
        expect(await s.getCustomer('alice')).toBeNull();
        expect(await s.getScores('alice')).toEqual([]);
        expect((await collect(s.scanEvents({ customerId: 'alice' }))).rows).toEqual([]);
        expect(await s.counts()).toMatchObject({ customers: 1, events: 5 });
        expect((await s.getScores('bob')).map((x) => [x.model, x.score])).toEqual([['propensity', 0.1]]);
        // Items stay: they belong to the shop, not to the customer.
        expect(await s.getItem('tea')).not.toBeNull();
        expect(await s.deleteCustomer('alice')).toEqual({
          customer: 0,
          events: 0,
          scores: 0,
          segmentMembers: 0,
          segmentSnapshots: 0,
          campaignAssignments: 0,
          importRejects: 0,
        });
      }),
    );
  });

  describe('deleting inside a failed transaction', () => {
    it(
      'restores the customer, their events and their history scans when the transaction fails',
      withStorage(async (s) => {
        await s.appendEvents(shopEvents);
        await expect(
          s.transaction(async (tx) => {
            expect((await tx.deleteCustomer('bob')).events).toBe(4);
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        expect(await s.getCustomer('bob')).not.toBeNull();
        const { rows } = await collect(s.scanEvents({ customerId: 'bob' }));
        expect(rows.map((e) => e.eventId)).toEqual(['e7', 'e8', 'e9', 'e11']);
        expect((await s.counts()).events).toBe(11);
      }),
    );
  });

  describe('scores', () => {
    it(
      'upserts one score per customer and model, and refuses unknown customers',
      withStorage(async (s) => {
        await s.upsertCustomers([{ externalId: 'a' }]);
        const when = new Date('2024-03-01T00:00:00Z');
        expect(
          await s.upsertScores([{ customerId: 'a', model: 'propensity', score: 0.2, computedAt: when }]),
        ).toBe(1);
        expect(
          await s.upsertScores([{ customerId: 'a', model: 'propensity', score: 0.3, computedAt: when }]),
        ).toBe(1);
        expect(await s.getScores('a')).toEqual([
          { customerId: 'a', model: 'propensity', score: 0.3, computedAt: when },
        ]);
        await expect(s.upsertScores([{ customerId: 'zed', model: 'propensity', score: 1 }])).rejects.toThrow(
          'scores: customerId names an unknown customer "zed"',
        );
        await expect(s.upsertScores([{ customerId: 'a', model: 'p', score: Number.NaN }])).rejects.toThrow(
          'scores[0]: score must be a finite number',
        );
      }),
    );
  });
}
