import { describe, expect, it } from 'vitest';
import { eventColumns, eventsOfColumns } from '../event-columns.js';
import type { EventInput, Storage } from '../types.js';
import { collect } from './collect.js';
import { at, event, shopEvents } from './fixtures.js';
import type { WithStorage } from './index.js';

export function eventTests(withStorage: WithStorage): void {
  describe('events', () => {
    it(
      'round-trips every field and creates the customers and items that events name',
      withStorage(async (s) => {
        expect(await s.appendEvents(shopEvents)).toEqual({
          inserted: 11,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: [],
        });
        const { rows } = await collect(s.scanEvents());
        const byId = new Map(rows.map((e) => [e.eventId, e]));
        expect(byId.get('e3')).toMatchObject({
          type: 'purchase',
          customerId: 'alice',
          sku: 'mug',
          quantity: 2,
          unitPrice: 5,
          orderId: 'o1',
          rating: null,
          query: null,
          sessionId: null,
          timestamp: at(3),
        });
        expect(byId.get('e8')).toMatchObject({ type: 'rating', rating: 4, customerId: 'bob', sku: 'pot' });
        expect(byId.get('e10')).toMatchObject({ customerId: null, customerIndex: null, sku: 'mug' });
        expect(byId.get('e11')).toMatchObject({
          type: 'search',
          sku: null,
          itemIndex: null,
          query: 'green tea',
          sessionId: 's1',
        });
        const alice = await s.getCustomer('alice');
        expect(byId.get('e3')!.customerIndex).toBe(alice!.index);
        expect(byId.get('e3')!.itemIndex).toBe((await s.getItem('mug'))!.index);
        expect(await s.getItem('pot')).toMatchObject({ sku: 'pot', title: null, categoryPath: [] });
        const counts = await s.counts();
        expect(counts).toMatchObject({
          customers: 2,
          items: 3,
          events: 11,
          eventsByType: { view: 2, add_to_cart: 1, purchase: 5, return: 1, rating: 1, search: 1 },
          firstEventAt: at(1),
          lastEventAt: at(40),
          unpricedPurchases: 0,
        });
        // Each type's latest: analytics of purchases count from the latest purchase, not the return after it.
        // Optional (an adapter without it has the engine count from lastEventAt); checked where reported.
        if (counts.lastEventAtByType !== undefined)
          expect(counts.lastEventAtByType).toEqual({
            view: at(5),
            add_to_cart: at(2),
            purchase: at(30),
            return: at(40),
            rating: at(6),
            search: at(9),
          });
        // A purchase without a unit price is counted (revenue takes it as 0); a return without one is not.
        await s.appendEvents([
          event('u1', { customerId: 'bob', sku: 'mug', type: 'purchase', quantity: 2, timestamp: at(41) }),
          event('u2', { customerId: 'bob', sku: 'mug', type: 'return', quantity: 1, timestamp: at(42) }),
        ]);
        expect((await s.counts()).unpricedPurchases).toBe(1);
      }),
    );

    it(
      'stores an event id once, across calls and within one call',
      withStorage(async (s) => {
        expect(await s.appendEvents([event('a'), event('b'), event('a', { type: 'purchase' })])).toEqual({
          inserted: 2,
          duplicates: 1,
          erased: 0,
          conflicts: [
            { index: 2, eventId: 'a', fields: [{ field: 'type', stored: 'view', given: 'purchase' }] },
          ],
          unsettled: [],
        });
        expect(await s.appendEvents([event('b'), event('c')])).toEqual({
          inserted: 1,
          duplicates: 1,
          erased: 0,
          conflicts: [],
          unsettled: [],
        });
        const { rows } = await collect(s.scanEvents());
        expect(rows.map((e) => [e.eventId, e.type])).toEqual([
          ['a', 'view'],
          ['b', 'view'],
          ['c', 'view'],
        ]);
      }),
    );

    it.each([
      ['appendEvents', (s: Storage, events: EventInput[]) => s.appendEvents(events)],
      // The adapter's fast path for columns where it has one, else what callers do without it.
      [
        'appendEventColumns',
        (s: Storage, events: EventInput[]) =>
          s.appendEventColumns
            ? s.appendEventColumns(eventColumns(events))
            : s.appendEvents(eventsOfColumns(eventColumns(events))),
      ],
    ] as const)(
      'stores a large batch (a bulk load: COPY on the SQL adapters) like a small one, through %s',
      (_, append) =>
        withStorage(async (s) => {
          // 3,000 events in one call, 1 in 10 repeating an earlier id; customers and items named first
          // here get indexes in order of first appearance; text needing escapes survives the round trip.
          const odd = 'tab\there, line\nbreak, cr\r, back\\slash, \\N';
          const events = Array.from({ length: 3000 }, (_, k) => {
            const n = k % 10 === 9 ? k - 5 : k;
            return event(`big-${n}`, {
              type: n % 2 === 0 ? 'purchase' : 'search',
              customerId: n % 7 === 0 ? null : `bulk-c${n % 50}`,
              sku: n % 2 === 0 ? `bulk-s${n % 40}` : null,
              timestamp: at(n / 100),
              quantity: n % 2 === 0 ? n / 4 : null,
              unitPrice: n % 2 === 0 ? 0.1 + n : null,
              query: n % 2 === 1 ? `${odd} ${n}` : null,
              sessionId: n === 1 ? '' : null,
              orderId: n % 2 === 0 ? `o-${Math.floor(n / 3)}` : null,
            });
          });
          expect(await append(s, events.slice(0, 2000))).toEqual({
            inserted: 1800,
            duplicates: 200,
            erased: 0,
            conflicts: [],
            unsettled: [],
          });
          expect(await append(s, events)).toEqual({
            inserted: 900,
            duplicates: 2100,
            erased: 0,
            conflicts: [],
            unsettled: [],
          });
          const { rows } = await collect(s.scanEvents({ batchSize: 1000 }));
          expect(rows).toHaveLength(2700);
          const byId = new Map(rows.map((e) => [e.eventId, e]));
          expect(byId.get('big-4')).toMatchObject({
            type: 'purchase',
            customerId: 'bulk-c4',
            sku: 'bulk-s4',
            quantity: 1,
            unitPrice: 4.1,
            orderId: 'o-1',
            query: null,
            timestamp: at(0.04),
          });
          expect(byId.get('big-1')).toMatchObject({
            type: 'search',
            sku: null,
            query: `${odd} 1`,
            sessionId: '',
          });
          expect(byId.get('big-7')).toMatchObject({ customerId: null, customerIndex: null });
          const first = await s.getCustomers(['bulk-c1', 'bulk-c2', 'bulk-c3']);
          expect(first[0]!.index).toBeLessThan(first[1]!.index);
          expect(first[1]!.index).toBeLessThan(first[2]!.index);
          expect((await s.counts()).customers).toBe(45); // ids never end in 9: c9, c19, ... c49 never appear
          // A small batch after the bulk load: the adapter's usual path.
          expect(await append(s, [event('big-1'), event('small-ü', { query: '☕' })])).toEqual({
            inserted: 1,
            duplicates: 1,
            erased: 0,
            // big-1 was stored as a search: the repeat's other content is reported.
            conflicts: [expect.objectContaining({ index: 0, eventId: 'big-1' })],
            unsettled: [],
          });
          expect((await collect(s.scanEvents({ customerId: 'c1' }))).rows[0]).toMatchObject({
            eventId: 'small-ü',
            query: '☕',
          });
        })(),
    );

    it(
      'scans in (time, arrival) order in batches of the requested size',
      withStorage(async (s) => {
        // 23 events appended out of time order, with ties in time.
        const events = Array.from({ length: 23 }, (_, i) => event(`e${i}`, { timestamp: at((i * 7) % 10) }));
        await s.appendEvents(events.slice(0, 10));
        await s.appendEvents(events.slice(10));
        const { rows, batches } = await collect(s.scanEvents({ batchSize: 5 }));
        expect(batches).toEqual([5, 5, 5, 5, 3]);
        const expected = events
          .map((e, i) => ({ id: e.eventId, t: e.timestamp.getTime(), i }))
          .sort((a, b) => a.t - b.t || a.i - b.i)
          .map((e) => e.id);
        expect(rows.map((e) => e.eventId)).toEqual(expected);
        for (let k = 1; k < rows.length; k++) expect(rows[k]!.seq).not.toBe(rows[k - 1]!.seq);
      }),
    );

    it(
      'filters scans by customer, type and time window',
      withStorage(async (s) => {
        await s.appendEvents(shopEvents);
        const ids = async (options: Parameters<typeof s.scanEvents>[0]) =>
          (await collect(s.scanEvents(options))).rows.map((e) => e.eventId);
        expect(await ids({ customerId: 'bob' })).toEqual(['e7', 'e8', 'e9', 'e11']);
        expect(await ids({ customerId: 'nobody' })).toEqual([]);
        expect(await ids({ types: ['purchase', 'return'] })).toEqual(['e3', 'e4', 'e9', 'e10', 'e5', 'e6']);
        expect(await ids({ types: [] })).toEqual([]);
        expect(await ids({ since: at(3), until: at(8) })).toEqual(['e3', 'e4', 'e7', 'e8', 'e9']);
        expect(await ids({ customerId: 'alice', types: ['purchase'], since: at(10), batchSize: 1 })).toEqual([
          'e5',
        ]);
      }),
    );

    it(
      'creates no customer or item that only an event skipped as a duplicate names',
      withStorage(async (s) => {
        // First, a batch large enough for the SQL adapters' bulk load (an empty table), in one transaction.
        const many = Array.from({ length: 1_200 }, (_, k) =>
          event(`m${k}`, { customerId: 'c3', sku: 'sku-3' }),
        );
        await s.transaction(async (tx) => {
          await tx.appendEvents([...many, event('m7', { customerId: 'ghost-3', sku: 'ghost-sku-3' })]);
          await tx.appendEvents([event('m8', { customerId: 'ghost-4', sku: 'ghost-sku-4' })]);
        });
        await s.appendEvents([event('z1', { customerId: 'c1', sku: 'sku-1' })]);
        // Another import sends id z1 again with other keys: nothing of it is stored.
        expect(await s.appendEvents([event('z1', { customerId: 'ghost', sku: 'ghost-sku' })])).toEqual({
          inserted: 0,
          duplicates: 1,
          erased: 0,
          conflicts: [
            {
              index: 0,
              eventId: 'z1',
              fields: [
                { field: 'customerId', stored: 'c1', given: 'ghost' },
                { field: 'sku', stored: 'sku-1', given: 'ghost-sku' },
              ],
            },
          ],
          unsettled: [],
        });
        // The first of repeats within a batch is the one stored.
        await s.appendEvents([
          event('z2', { customerId: 'c2', sku: 'sku-2' }),
          event('z2', { customerId: 'ghost-2', sku: 'ghost-sku-2' }),
        ]);
        expect(await s.counts()).toMatchObject({ events: 1_202, customers: 3, items: 3 });
        const ghosts = ['ghost', 'ghost-2', 'ghost-3', 'ghost-4'];
        expect(await s.getCustomers(ghosts)).toEqual([null, null, null, null]);
        expect(await s.getItems(['ghost-sku', 'ghost-sku-2', 'ghost-sku-3', 'ghost-sku-4'])).toEqual([
          null,
          null,
          null,
          null,
        ]);
      }),
    );

    it(
      'refuses a bad event with its position and field, and stores none of the batch',
      withStorage(async (s) => {
        const bad = [event('ok-1'), { ...event('bad'), type: 'click' as never }];
        await expect(s.appendEvents(bad)).rejects.toThrow('events[1]: type must be one of');
        await expect(s.appendEvents([event('x', { timestamp: new Date('nope') })])).rejects.toThrow(
          'events[0]: timestamp must be a valid Date',
        );
        await expect(s.appendEvents([event('x', { quantity: Number.NaN })])).rejects.toThrow(
          'events[0]: quantity must be a finite number',
        );
        // Finite, but beyond what any shop sends: its revenue would overflow PostgreSQL's sums.
        await expect(s.appendEvents([event('ok'), event('x', { unitPrice: 1e308 })])).rejects.toThrow(
          'events[1]: unitPrice must be a finite number within ±1000000000000, got 1e+308',
        );
        await expect(
          s.appendEvents([event('x', { timestamp: new Date('0001-01-01T00:00:00Z') })]),
        ).rejects.toThrow(
          'events[0]: timestamp must be from 1970-01-01T00:00:00.000Z up to 2200-01-01T00:00:00.000Z, got 0001-01-01T00:00:00.000Z',
        );
        await expect(
          s.appendEvents([event('x', { timestamp: new Date('2200-01-01T00:00:00Z') })]),
        ).rejects.toThrow('events[0]: timestamp must be from 1970-01-01');
        await expect(s.appendEvents([event('')])).rejects.toThrow('events[0]: eventId is required');
        if (s.appendEventColumns) {
          const columns = eventColumns([event('ok-2'), event('bad-time')]);
          columns.time[1] = Number.NaN;
          await expect(s.appendEventColumns(columns)).rejects.toThrow(
            'events[1]: timestamp must be a valid Date',
          );
        }
        expect((await s.counts()).events).toBe(0);
        expect(await s.getCustomer('c1')).toBeNull();
      }),
    );

    it(
      'refuses text holding a NUL character (PostgreSQL cannot store it), naming the record and field',
      withStorage(async (s) => {
        const nul = 'a\u0000b';
        await expect(s.appendEvents([event('ok'), event('q', { query: nul })])).rejects.toThrow(
          'events[1]: query holds a NUL character',
        );
        if (s.appendEventColumns) {
          const columns = eventColumns([event('ok-2'), event('o', { orderId: `o-${nul}` })]);
          await expect(s.appendEventColumns(columns)).rejects.toThrow(
            'events[1]: orderId holds a NUL character',
          );
          await expect(s.appendEventColumns(eventColumns([event('c', { customerId: nul })]))).rejects.toThrow(
            'events.customerIds[0]: customerId holds a NUL character',
          );
        }
        await expect(s.upsertCustomers([{ externalId: 'c9', country: nul }])).rejects.toThrow(
          'customers[0]: country holds a NUL character',
        );
        await expect(s.upsertItems([{ sku: 's9' }, { sku: 's8', title: nul }])).rejects.toThrow(
          'items[1]: title holds a NUL character',
        );
        await expect(s.upsertItems([{ sku: 's9', attributes: { note: nul } }])).rejects.toThrow(
          'items[0]: attributes holds a NUL character',
        );
        await expect(
          s.recordRejects([{ source: 'f.csv', line: 2, field: 'x', reason: 'r', raw: nul }]),
        ).rejects.toThrow('rejects[0]: raw holds a NUL character');
        await expect(s.upsertSegment({ id: 'seg', name: nul, kind: 'rfm' })).rejects.toThrow(
          'segment "seg": name holds a NUL character',
        );
        await expect(
          s.upsertCampaign({ id: 'cmp', name: 'Sale', definition: { arms: [{ offer: nul }] } }),
        ).rejects.toThrow('campaign "cmp": definition holds a NUL character');
        await expect(
          s.saveModel({
            name: 'm',
            kind: 'k',
            params: { label: nul },
            metrics: {},
            bytes: new Uint8Array(8),
          }),
        ).rejects.toThrow('model "m": params holds a NUL character');
        expect(await s.counts()).toMatchObject({ events: 0, customers: 0, items: 0 });
        expect(await s.getSegment('seg')).toBeNull();
        // Text with a backslash and "u0000" in it is not a NUL.
        await s.upsertItems([{ sku: 's7', title: 'a\\u0000', attributes: { 'k\\u0000': 'v' } }]);
        expect((await s.getItem('s7'))?.title).toBe('a\\u0000');
      }),
    );
  });
}
