import { describe, expect, it } from 'vitest';
import type { ImportReject } from '../types.js';
import { collect } from './collect.js';
import { event, shopEvents } from './fixtures.js';
import type { WithStorage } from './index.js';

/** A reject of `orders.csv` at `line`, naming `customerId` (null: a row whose customer was not read). */
const reject = (line: number, field: string, customerId: string | null): ImportReject => ({
  source: 'orders.csv',
  line,
  field,
  reason: `bad ${field}`,
  raw: `${customerId ?? ''},row ${line}`,
  customerId,
});

/**
 * The rejected import rows that name a customer: found by them, removed with them and left out while they
 * are erased; and the erasure list's time, which only an erasure of a customer the store held moves.
 */
export function erasureRejectTests(withStorage: WithStorage): void {
  describe('erasure of rejected import rows', () => {
    it(
      "removes a deleted customer's rejects, reports them, and leaves later ones out until restored",
      withStorage(async (s) => {
        await s.appendEvents(shopEvents);
        // alice: line 3 with two bad fields and line 8; bob: line 4; line 5 names no one it could read.
        const alices = [
          reject(3, 'Quantity', 'alice'),
          reject(3, 'UnitPrice', 'alice'),
          reject(8, 'Quantity', 'alice'),
        ];
        const others = [reject(4, 'Quantity', 'bob'), reject(5, '(row)', null)];
        expect(await s.recordRejects([...alices, ...others])).toEqual({ recorded: 5, erased: [] });
        expect((await collect(s.scanRejects({ customerId: 'alice' }))).rows).toEqual(alices);
        expect((await collect(s.scanRejects({ customerId: 'nobody' }))).rows).toEqual([]);

        expect(await s.deleteCustomer('alice')).toMatchObject({ customer: 1, events: 6, importRejects: 3 });
        expect((await collect(s.scanRejects())).rows).toEqual(others);
        expect((await s.counts()).rejects).toBe(2);

        // Her rows refused again by a later import are left out and named, bob's are kept.
        expect(
          await s.recordRejects([reject(9, 'Quantity', 'alice'), reject(10, 'Quantity', 'bob')]),
        ).toEqual({
          recorded: 1,
          erased: ['alice'],
        });
        expect((await collect(s.scanRejects({ customerId: 'alice' }))).rows).toEqual([]);
        expect(await s.deleteCustomer('alice')).toMatchObject({ customer: 0, importRejects: 0 });

        expect(await s.restoreCustomer('alice')).toBe(true);
        expect(await s.recordRejects([reject(9, 'Quantity', 'alice')])).toEqual({ recorded: 1, erased: [] });
      }),
    );

    it(
      'removes the rejects of a customer whose every row was refused (no record held)',
      withStorage(async (s) => {
        await s.recordRejects([reject(2, 'Quantity', 'zoe'), reject(2, 'Price', 'zoe')]);
        expect(await s.getCustomer('zoe')).toBeNull();
        expect(await s.deleteCustomer('zoe')).toEqual({
          customer: 0,
          events: 0,
          scores: 0,
          segmentMembers: 0,
          segmentSnapshots: 0,
          campaignAssignments: 0,
          importRejects: 2,
        });
        expect((await s.counts()).rejects).toBe(0);
        expect(await s.isErased?.('zoe')).toBe(true);
      }),
    );

    it(
      'undoes the removal of rejects with a failed transaction',
      withStorage(async (s) => {
        await s.appendEvents([event('b1', { customerId: 'bob' })]);
        await s.recordRejects([reject(4, 'Quantity', 'bob')]);
        await expect(
          s.transaction(async (tx) => {
            expect((await tx.deleteCustomer('bob')).importRejects).toBe(1);
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        expect((await collect(s.scanRejects({ customerId: 'bob' }))).rows).toEqual([
          reject(4, 'Quantity', 'bob'),
        ]);
      }),
    );

    it(
      'moves the latest erasure time only for a customer the store held',
      withStorage(async (s) => {
        if (s.lastErasureAt === undefined) return;
        await s.appendEvents([event('b1', { customerId: 'bob' })]);
        await s.recordRejects([reject(2, 'Quantity', 'zoe')]);
        // An id the store never held goes on the list (later imports leave it out) but removed nothing.
        expect((await s.deleteCustomer('stranger')).customer).toBe(0);
        expect(await s.isErased?.('stranger')).toBe(true);
        expect(await s.lastErasureAt()).toBeNull();
        // Rejects alone are no rows a model reads either.
        expect((await s.deleteCustomer('zoe')).importRejects).toBe(1);
        expect(await s.lastErasureAt()).toBeNull();
        expect((await s.counts()).erasedCustomers).toBe(2);

        await s.deleteCustomer('bob');
        const bobAt = await s.lastErasureAt();
        expect(bobAt).toBeInstanceOf(Date);
        await s.deleteCustomer('later-stranger');
        expect(await s.lastErasureAt()).toEqual(bobAt);
        // A failed erasure of a held customer leaves the time as it was.
        await s.appendEvents([event('c1', { customerId: 'cy' })]);
        await expect(
          s.transaction(async (tx) => {
            await tx.deleteCustomer('cy');
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        expect(await s.lastErasureAt()).toEqual(bobAt);
        await s.restoreCustomer('bob');
        expect(await s.lastErasureAt()).toBeNull();
      }),
    );
  });
}
