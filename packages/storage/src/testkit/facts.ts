import { describe, expect, it } from 'vitest';
import type { WithStorage } from './index.js';

/**
 * Facts of items and customers as of a time (ItemInput.asOf): older facts only fill, newer and untimed ones
 * replace, future ones count as now; and country codes written upper case.
 */
export function factTests(withStorage: WithStorage): void {
  describe('facts as of a time (asOf)', () => {
    it(
      'lets older facts only fill what a record lacks, newer and untimed ones replace, on items and customers',
      withStorage(async (s) => {
        const t = (day: number) => new Date(Date.UTC(2024, 0, day));
        // A catalog (no time: now), then an old order export carrying older facts.
        await s.upsertItems([{ sku: 'mug', title: 'Mug', price: 12, stock: 5 }]);
        await s.upsertCustomers([{ externalId: 'c1', country: 'DE' }]);
        expect(
          await s.upsertItems([
            {
              sku: 'mug',
              title: 'Old mug',
              price: 9,
              stock: 0,
              currency: 'EUR',
              categoryPath: ['Home'],
              asOf: t(1),
            },
          ]),
        ).toEqual({ inserted: 0, updated: 1, erased: 0 });
        expect(await s.getItem('mug')).toMatchObject({
          title: 'Mug',
          price: 12,
          stock: 5,
          currency: 'EUR',
          categoryPath: ['Home'],
        });
        expect(await s.upsertCustomers([{ externalId: 'c1', country: 'XX', asOf: t(1) }])).toEqual({
          inserted: 0,
          updated: 0,
          erased: 0,
        });
        expect((await s.getCustomer('c1'))?.country).toBe('DE');
        // Orders alone: the later time wins, whatever the order of the calls; the earlier fills gaps.
        await s.upsertItems([{ sku: 'cup', price: 3, asOf: t(20) }]);
        await s.upsertItems([{ sku: 'cup', price: 2, title: 'Cup', asOf: t(10) }]);
        await s.upsertItems([{ sku: 'cup', price: 4, asOf: t(30) }]);
        expect(await s.getItem('cup')).toMatchObject({ price: 4, title: 'Cup' });
        await s.upsertCustomers([
          { externalId: 'c2', country: 'FR', attributes: { tier: 'gold' }, asOf: t(20) },
        ]);
        await s.upsertCustomers([
          { externalId: 'c2', country: 'BE', attributes: { tier: 'silver', since: 2019 }, asOf: t(10) },
        ]);
        expect(await s.getCustomer('c2')).toMatchObject({
          country: 'FR',
          attributes: { tier: 'gold', since: 2019 },
        });
        // Repeats of one record in one call fold by time too.
        await s.upsertItems([
          { sku: 'pot', price: 7, asOf: t(5) },
          { sku: 'pot', price: 6, title: 'Pot', asOf: t(2) },
        ]);
        expect(await s.getItem('pot')).toMatchObject({ price: 7, title: 'Pot' });
        // Facts dated in the future (a mistyped year) hold as of now: the next catalog corrects them.
        await s.upsertItems([{ sku: 'typo', title: 'Catalog' }]);
        await s.upsertItems([{ sku: 'typo', title: 'Typo year', asOf: new Date(Date.UTC(2062, 2, 1)) }]);
        expect((await s.getItem('typo'))?.title).toBe('Typo year');
        await s.upsertItems([{ sku: 'typo', title: 'Catalog again' }]);
        expect((await s.getItem('typo'))?.title).toBe('Catalog again');
        // An untimed upsert (the API, a catalog) replaces whatever time the stored facts have.
        await s.upsertItems([{ sku: 'cup', price: 5 }]);
        expect((await s.getItem('cup'))?.price).toBe(5);
        await expect(s.upsertItems([{ sku: 'cup', asOf: new Date(Number.NaN) }])).rejects.toThrow(
          'items[0]: asOf must be a valid Date',
        );
      }),
    );
  });

  describe('countries', () => {
    it(
      'writes a two-letter country code upper case, and any other country as given',
      withStorage(async (s) => {
        await s.upsertCustomers([
          { externalId: 'a', country: 'de' },
          { externalId: 'b', country: ' Fr ' },
          { externalId: 'c', country: 'United Kingdom' },
          { externalId: 'd', country: 'usa' },
        ]);
        const countries = await Promise.all(
          ['a', 'b', 'c', 'd'].map(async (id) => (await s.getCustomer(id))?.country),
        );
        expect(countries).toEqual(['DE', 'FR', 'United Kingdom', 'usa']);
        // Stored upper case, a lower-case repeat changes nothing.
        expect(await s.upsertCustomers([{ externalId: 'a', country: 'de' }])).toEqual({
          inserted: 0,
          updated: 0,
          erased: 0,
        });
      }),
    );
  });
}
