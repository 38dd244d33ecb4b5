import { describe, expect, it } from 'vitest';
import { eventColumns } from '../event-columns.js';
import type { EventInput } from '../types.js';
import { collect } from './collect.js';
import { at, event, shopEvents } from './fixtures.js';
import type { WithStorage } from './index.js';

/** `n` purchases of `customers` in turn, one an hour: a batch large enough for a bulk load (bulk-load.ts). */
function purchases(prefix: string, customers: readonly string[], n: number): EventInput[] {
  return Array.from({ length: n }, (_, k) =>
    event(`${prefix}${k}`, {
      type: 'purchase',
      customerId: customers[k % customers.length]!,
      sku: `sku-${k % 7}`,
      quantity: 1,
      unitPrice: 2,
      timestamp: at(k),
    }),
  );
}

export function erasureTests(withStorage: WithStorage): void {
  describe('erasure sticks', () => {
    it(
      "leaves a deleted customer's later events and records out, counted as erased, until restored",
      withStorage(async (s) => {
        await s.appendEvents(shopEvents);
        expect((await s.deleteCustomer('alice')).events).toBe(6);
        expect((await s.counts()).erasedCustomers).toBe(1);

        // The shop's next export still holds alice's rows: they stay out, everyone else's go in.
        expect(
          await s.appendEvents([
            event('e1', { customerId: 'alice', sku: 'mug' }),
            event('n1', { customerId: 'alice' }),
            event('n2', { customerId: 'bob' }),
            event('n3', { customerId: null }),
            event('e7', { customerId: 'bob' }),
          ]),
        ).toEqual({
          inserted: 2,
          duplicates: 1,
          erased: 2,
          erasedCustomers: ['alice'],
          // e7 was stored as bob's purchase of a pot, later: this row's other content is reported.
          conflicts: [expect.objectContaining({ index: 4, eventId: 'e7' })],
          unsettled: [],
        });
        expect(await s.getCustomer('alice')).toBeNull();
        expect((await collect(s.scanEvents({ customerId: 'alice' }))).rows).toEqual([]);
        expect(
          await s.upsertCustomers([{ externalId: 'alice', country: 'FR' }, { externalId: 'carol' }]),
        ).toEqual({ inserted: 1, updated: 0, erased: 1 });
        expect(await s.getCustomer('alice')).toBeNull();
        if (s.appendEventColumns) {
          const columns = eventColumns([
            event('c1', { customerId: 'alice' }),
            event('c2', { customerId: 'carol' }),
          ]);
          expect(await s.appendEventColumns(columns)).toEqual({
            inserted: 1,
            duplicates: 0,
            erased: 1,
            erasedCustomers: ['alice'],
            conflicts: [],
            unsettled: [],
          });
        }
        expect(await s.counts()).toMatchObject({ customers: 2, erasedCustomers: 1 });

        expect(await s.restoreCustomer('alice')).toBe(true);
        expect(await s.restoreCustomer('alice')).toBe(false);
        expect((await s.counts()).erasedCustomers).toBe(0);
        // What was left out while she was erased was not stored: it goes in now.
        expect(await s.appendEvents([event('n1', { customerId: 'alice' })])).toEqual({
          inserted: 1,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: [],
        });
        expect((await s.getCustomer('alice'))?.externalId).toBe('alice');
      }),
    );

    it(
      "counts an erased customer's events as erased before any is a duplicate",
      withStorage(async (s) => {
        await s.deleteCustomer('alice');
        expect(
          await s.appendEvents([event('x1', { customerId: 'alice' }), event('x1', { customerId: 'alice' })]),
        ).toEqual({
          inserted: 0,
          duplicates: 0,
          erased: 2,
          erasedCustomers: ['alice'],
          conflicts: [],
          unsettled: [],
        });
        // The same id for carol and for alice: carol's is stored, alice's erased.
        expect(
          await s.appendEvents([event('y1', { customerId: 'carol' }), event('y1', { customerId: 'alice' })]),
        ).toEqual({
          inserted: 1,
          duplicates: 0,
          erased: 1,
          erasedCustomers: ['alice'],
          conflicts: [],
          unsettled: [],
        });
        expect(
          await s.appendEvents([event('y1', { customerId: 'alice' }), event('y1', { customerId: 'carol' })]),
        ).toEqual({
          inserted: 0,
          duplicates: 1,
          erased: 1,
          erasedCustomers: ['alice'],
          conflicts: [],
          unsettled: [],
        });
      }),
    );

    it(
      'erases a customer none of whose rows is stored yet',
      withStorage(async (s) => {
        expect(await s.deleteCustomer('zed')).toMatchObject({ customer: 0, events: 0 });
        expect(await s.appendEvents([event('z1', { customerId: 'zed' }), event('z2')])).toEqual({
          inserted: 1,
          duplicates: 0,
          erased: 1,
          erasedCustomers: ['zed'],
          conflicts: [],
          unsettled: [],
        });
        expect(await s.counts()).toMatchObject({ customers: 1, events: 1, erasedCustomers: 1 });
      }),
    );

    it(
      "leaves an erased customer out of a first import's large batches",
      withStorage(async (s) => {
        await s.deleteCustomer('bob');
        const batch = purchases('p', ['ann', 'bob', 'cy'], 3_000);
        const result = await s.transaction(async (tx) => {
          const first = await tx.appendEvents(batch.slice(0, 1_500));
          const columns = eventColumns(batch.slice(1_500));
          const second = tx.appendEventColumns
            ? await tx.appendEventColumns(columns)
            : await tx.appendEvents(batch.slice(1_500));
          return [first, second];
        });
        expect(result).toEqual([
          {
            inserted: 1_000,
            duplicates: 0,
            erased: 500,
            erasedCustomers: ['bob'],
            conflicts: [],
            unsettled: [],
          },
          {
            inserted: 1_000,
            duplicates: 0,
            erased: 500,
            erasedCustomers: ['bob'],
            conflicts: [],
            unsettled: [],
          },
        ]);
        expect(await s.counts()).toMatchObject({ customers: 2, events: 2_000 });
        const { rows } = await collect(s.scanEvents());
        expect(rows.filter((e) => e.customerId === 'bob')).toEqual([]);
        // Repeats are still recognised after the load: the same batch again stores nothing.
        expect(await s.appendEvents(batch.slice(0, 1_500))).toEqual({
          inserted: 0,
          duplicates: 1_000,
          erased: 500,
          erasedCustomers: ['bob'],
          conflicts: [],
          unsettled: [],
        });
      }),
    );

    it(
      'lists the erasure list by hash, and takes entries of another store (a move), keeping them out',
      withStorage(async (s) => {
        if (!s.listErasures || !s.addErasures) return;
        // SHA-256 of the ids' UTF-8 bytes, from Python's hashlib.sha256(b'alice').hexdigest() and so on.
        const ALICE = '2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90';
        const ZED = 'ae8f5080a348fbfeb2c776957979728034cdf3eee0160c8667ee66daa8440a48';
        const BOB = '81b637d8fcd2c6da6359e6963113a1170de795e4b725b84d1e0b4cfd9ec58ce9';
        await s.upsertCustomers([{ externalId: 'alice' }]);
        await s.deleteCustomer('alice');
        await s.deleteCustomer('zed');
        const listed = await s.listErasures();
        expect(listed.map((e) => [e.idHash, e.held])).toEqual([
          [ALICE, true],
          [ZED, false],
        ]);
        const aliceAt = listed[0]!.erasedAt;
        expect(await s.lastErasureAt?.()).toEqual(aliceAt);
        // bob from another store, erased earlier; alice again, with an older time: she keeps hers.
        const earlier = new Date(aliceAt.getTime() - 86_400_000);
        expect(
          await s.addErasures([
            { idHash: BOB, erasedAt: earlier, held: true },
            { idHash: ALICE, erasedAt: earlier, held: false },
          ]),
        ).toBe(1);
        expect(await s.listErasures()).toEqual([
          { idHash: ALICE, erasedAt: aliceAt, held: true },
          { idHash: BOB, erasedAt: earlier, held: true },
          { idHash: ZED, erasedAt: expect.any(Date), held: false },
        ]);
        expect(await s.lastErasureAt?.()).toEqual(aliceAt);
        expect(await s.isErased?.('bob')).toBe(true);
        expect((await s.appendEvents([event('b1', { customerId: 'bob' })])).erased).toBe(1);
        expect((await s.counts()).erasedCustomers).toBe(3);
        await expect(s.addErasures([{ idHash: 'BOB', erasedAt: earlier, held: true }])).rejects.toThrow(
          'addErasures[0]: idHash must be 64 lower-case hex digits (a SHA-256)',
        );
        expect(await s.restoreCustomer('bob')).toBe(true);
        expect(await s.addErasures([])).toBe(0);
      }),
    );

    it(
      'undoes an erasure whose transaction fails',
      withStorage(async (s) => {
        await s.appendEvents(shopEvents);
        await expect(
          s.transaction(async (tx) => {
            await tx.deleteCustomer('bob');
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        expect((await s.counts()).erasedCustomers).toBe(0);
        expect(await s.appendEvents([event('b1', { customerId: 'bob' })])).toEqual({
          inserted: 1,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: [],
        });
      }),
    );
  });
}
