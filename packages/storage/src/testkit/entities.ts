import { describe, expect, it } from 'vitest';
import { collect } from './collect.js';
import { event } from './fixtures.js';
import type { WithStorage } from './index.js';

export function entityTests(withStorage: WithStorage): void {
  describe('upserts of existing records only', () => {
    it(
      'update the customers and items already stored and create none (existingOnly)',
      withStorage(async (s) => {
        await s.upsertCustomers([{ externalId: 'c1' }]);
        await s.upsertItems([{ sku: 's1' }]);
        expect(
          await s.upsertCustomers(
            [
              { externalId: 'c1', country: 'DE' },
              { externalId: 'ghost', country: 'FR' },
            ],
            { existingOnly: true },
          ),
        ).toEqual({ inserted: 0, updated: 1, erased: 0 });
        expect(
          await s.upsertItems(
            [
              { sku: 'ghost-sku', title: 'Ghost' },
              { sku: 's1', title: 'Mug' },
            ],
            { existingOnly: true },
          ),
        ).toEqual({ inserted: 0, updated: 1, erased: 0 });
        expect((await s.getCustomer('c1'))?.country).toBe('DE');
        expect((await s.getItem('s1'))?.title).toBe('Mug');
        expect(await s.getCustomer('ghost')).toBeNull();
        expect(await s.getItem('ghost-sku')).toBeNull();
        expect(await s.counts()).toMatchObject({ customers: 1, items: 1 });
      }),
    );
  });

  describe('customers', () => {
    it(
      'round-trips every field, merges attributes and consent, and counts inserts and real updates',
      withStorage(async (s) => {
        expect(
          await s.upsertCustomers([
            {
              externalId: 'alice',
              country: 'United Kingdom',
              attributes: { tier: 'gold' },
              consent: { marketing: true },
            },
            { externalId: 'bob' },
          ]),
        ).toEqual({ inserted: 2, updated: 0, erased: 0 });
        const alice = await s.getCustomer('alice');
        expect(alice).toMatchObject({
          externalId: 'alice',
          country: 'United Kingdom',
          attributes: { tier: 'gold' },
          consent: { marketing: true },
        });
        expect(alice!.index).toBeGreaterThan(0);
        expect(alice!.createdAt).toBeInstanceOf(Date);
        expect(await s.getCustomer('bob')).toMatchObject({ country: null, attributes: {}, consent: {} });
        expect(await s.getCustomer('nobody')).toBeNull();

        // The same upsert again changes nothing and reports no update.
        expect(
          await s.upsertCustomers([
            {
              externalId: 'alice',
              country: 'United Kingdom',
              attributes: { tier: 'gold' },
              consent: { marketing: true },
            },
          ]),
        ).toEqual({ inserted: 0, updated: 0, erased: 0 });

        // Fields left out keep their values; attributes and consent merge key by key.
        expect(
          await s.upsertCustomers([
            { externalId: 'alice', attributes: { age: 41 }, consent: { analytics: false } },
          ]),
        ).toEqual({ inserted: 0, updated: 1, erased: 0 });
        expect(await s.getCustomer('alice')).toMatchObject({
          country: 'United Kingdom',
          attributes: { tier: 'gold', age: 41 },
          consent: { marketing: true, analytics: false },
        });
      }),
    );

    it(
      'folds repeats of one customer within a call and refuses a blank id, naming it',
      withStorage(async (s) => {
        expect(
          await s.upsertCustomers([
            { externalId: 'c', country: 'France' },
            { externalId: 'c', attributes: { a: 1 } },
          ]),
        ).toEqual({ inserted: 1, updated: 0, erased: 0 });
        expect(await s.getCustomer('c')).toMatchObject({ country: 'France', attributes: { a: 1 } });
        await expect(s.upsertCustomers([{ externalId: 'ok' }, { externalId: ' ' }])).rejects.toThrow(
          'customers[1]: externalId is required',
        );
        expect(await s.getCustomer('ok')).toBeNull();
      }),
    );

    it(
      'fetches many customers and items at once, in the order asked, null where unknown',
      withStorage(async (s) => {
        await s.upsertCustomers([{ externalId: 'a', country: 'Spain' }, { externalId: 'b' }]);
        await s.upsertItems([{ sku: 'x', title: 'X' }]);
        const got = await s.getCustomers(['b', 'zz', 'a', 'b']);
        expect(got.map((c) => c?.externalId ?? null)).toEqual(['b', null, 'a', 'b']);
        expect(got[2]).toMatchObject({ country: 'Spain' });
        expect((await s.getItems(['nope', 'x'])).map((i) => i?.title ?? null)).toEqual([null, 'X']);
        expect(await s.getCustomers([])).toEqual([]);
      }),
    );

    it(
      'scans customers in batches in index order',
      withStorage(async (s) => {
        await s.upsertCustomers(Array.from({ length: 12 }, (_, i) => ({ externalId: `c${i}` })));
        const { rows, batches } = await collect(s.scanCustomers({ batchSize: 5 }));
        expect(batches).toEqual([5, 5, 2]);
        expect(rows.map((c) => c.externalId)).toEqual(Array.from({ length: 12 }, (_, i) => `c${i}`));
      }),
    );
  });

  describe('items', () => {
    it(
      'round-trips every field and keeps stored values for fields left out',
      withStorage(async (s) => {
        expect(
          await s.upsertItems([
            {
              sku: 'mug',
              title: 'White mug',
              categoryPath: ['Home', 'Kitchen', 'Mugs'],
              price: 5.5,
              currency: 'GBP',
              stock: 12,
              attributes: { colour: 'white' },
            },
          ]),
        ).toEqual({ inserted: 1, updated: 0, erased: 0 });
        expect(await s.getItem('mug')).toMatchObject({
          sku: 'mug',
          title: 'White mug',
          categoryPath: ['Home', 'Kitchen', 'Mugs'],
          price: 5.5,
          currency: 'GBP',
          stock: 12,
          attributes: { colour: 'white' },
        });
        expect(await s.upsertItems([{ sku: 'mug', title: 'White mug', price: 5.5 }])).toEqual({
          inserted: 0,
          updated: 0,
          erased: 0,
        });
        expect(await s.upsertItems([{ sku: 'mug', stock: 0 }])).toEqual({
          inserted: 0,
          updated: 1,
          erased: 0,
        });
        expect(await s.getItem('mug')).toMatchObject({
          title: 'White mug',
          price: 5.5,
          stock: 0,
          categoryPath: ['Home', 'Kitchen', 'Mugs'],
        });
      }),
    );

    it(
      'changes the catalog version (where the adapter has one) exactly when an item is added or changed',
      withStorage(async (s) => {
        if (s.catalogVersion === undefined) return;
        const version = () => s.catalogVersion!();
        const empty = await version();
        await s.upsertItems([{ sku: 'mug', title: 'White mug', stock: 3 }]);
        const one = await version();
        expect(one).not.toBe(empty);
        // Nothing new: the same version.
        await s.upsertItems([{ sku: 'mug', title: 'White mug' }]);
        await s.appendEvents([event('v1', { sku: 'mug' })]);
        expect(await version()).toBe(one);
        await s.upsertItems([{ sku: 'mug', stock: 0 }]);
        const restocked = await version();
        expect(restocked).not.toBe(one);
        // An event naming an unknown item creates it.
        await s.appendEvents([event('v2', { sku: 'cup' })]);
        expect(await version()).not.toBe(restocked);
      }),
    );

    it(
      'scans items in batches of the requested size in index order',
      withStorage(async (s) => {
        await s.upsertItems(Array.from({ length: 12 }, (_, i) => ({ sku: `i${i}` })));
        const { rows, batches } = await collect(s.scanItems({ batchSize: 5 }));
        expect(batches, 'scanItems({ batchSize: 5 }) batch sizes, of 12 items').toEqual([5, 5, 2]);
        expect(rows.map((i) => i.sku)).toEqual(Array.from({ length: 12 }, (_, i) => `i${i}`));
      }),
    );

    it(
      'refuses a negative price or fractional stock, naming the item and field, and writes nothing',
      withStorage(async (s) => {
        await expect(s.upsertItems([{ sku: 'a' }, { sku: 'b', price: -1 }])).rejects.toThrow(
          'items[1]: price must not be negative, got -1',
        );
        await expect(s.upsertItems([{ sku: 'c', stock: 1.5 }])).rejects.toThrow(
          'items[0]: stock must be a whole number',
        );
        expect(await s.getItem('a')).toBeNull();
        const { rows } = await collect(s.scanItems());
        expect(rows).toEqual([]);
      }),
    );
  });

  describe('api keys', () => {
    it(
      'stores keys by id with their hash and scopes, revokes once, and records last use',
      withStorage(async (s) => {
        const hash = 'a'.repeat(64);
        const created = await s.createApiKey({
          keyId: 'k1',
          secretHash: hash,
          scopes: ['read', 'write'],
          label: 'shop',
        });
        expect(created).toMatchObject({
          keyId: 'k1',
          secretHash: hash,
          scopes: ['read', 'write'],
          label: 'shop',
        });
        expect(created.revokedAt).toBeNull();
        expect(created.lastUsedAt).toBeNull();
        await s.createApiKey({ keyId: 'k2', secretHash: 'b'.repeat(64), scopes: ['storefront'] });
        await expect(s.createApiKey({ keyId: 'k1', secretHash: hash, scopes: ['read'] })).rejects.toThrow(
          'api key k1: keyId already exists',
        );
        await expect(s.createApiKey({ keyId: 'k3', secretHash: 'nothex', scopes: ['read'] })).rejects.toThrow(
          'api key k3: secretHash must be a SHA-256 in lowercase hex',
        );
        await expect(s.createApiKey({ keyId: 'k4', secretHash: hash, scopes: [] })).rejects.toThrow('scopes');

        const used = new Date('2024-05-01T10:00:00Z');
        await s.touchApiKey('k1', used);
        expect((await s.getApiKey('k1'))!.lastUsedAt).toEqual(used);
        const revokedAt = new Date('2024-05-02T00:00:00Z');
        expect(await s.revokeApiKey('k1', revokedAt)).toBe(true);
        expect(await s.revokeApiKey('k1')).toBe(false);
        expect(await s.revokeApiKey('missing')).toBe(false);
        expect((await s.getApiKey('k1'))!.revokedAt).toEqual(revokedAt);
        expect(await s.getApiKey('missing')).toBeNull();
        expect((await s.listApiKeys()).map((k) => [k.keyId, k.revokedAt !== null])).toEqual([
          ['k1', true],
          ['k2', false],
        ]);
      }),
    );
  });

  describe('import rejects', () => {
    it(
      'keeps each rejected field of a source line once, and scans by source',
      withStorage(async (s) => {
        const reject = {
          source: 'orders.csv',
          line: 7,
          field: 'Quantity',
          reason: 'not a number',
          raw: 'x,abc',
          customerId: null,
        };
        expect(
          await s.recordRejects([reject, { ...reject, field: 'UnitPrice', reason: 'negative' }]),
        ).toEqual({ recorded: 2, erased: [] });
        // Without customerId (a contributor's caller): kept as naming no one.
        const { customerId: _none, ...unnamed } = reject;
        expect(await s.recordRejects([unnamed, { ...unnamed, source: 'other.csv' }])).toEqual({
          recorded: 1,
          erased: [],
        });
        const { rows } = await collect(s.scanRejects({ source: 'orders.csv' }));
        expect(rows).toEqual([reject, { ...reject, field: 'UnitPrice', reason: 'negative' }]);
        expect((await s.counts()).rejects).toBe(3);
        // Deleting them (optional for an adapter): one source's, then the rest; a deleted one can come again.
        if (s.deleteRejects === undefined) return;
        expect(await s.deleteRejects({ source: 'orders.csv' })).toBe(2);
        expect((await collect(s.scanRejects())).rows).toEqual([{ ...reject, source: 'other.csv' }]);
        expect(await s.deleteRejects({ source: 'orders.csv' })).toBe(0);
        expect((await s.recordRejects([reject])).recorded).toBe(1);
        expect(await s.deleteRejects()).toBe(2);
        expect((await s.counts()).rejects).toBe(0);
      }),
    );

    it(
      'scans rejects in batches of the requested size, in the order recorded',
      withStorage(async (s) => {
        const rejects = Array.from({ length: 7 }, (_, i) => ({
          source: i < 5 ? 'a.csv' : 'b.csv',
          line: i + 2,
          field: 'Quantity',
          reason: 'not a number',
          raw: `row ${i}`,
          customerId: null,
        }));
        await s.recordRejects(rejects);
        const all = await collect(s.scanRejects({ batchSize: 3 }));
        expect(all.batches, 'scanRejects({ batchSize: 3 }) batch sizes, of 7 rejects').toEqual([3, 3, 1]);
        expect(all.rows).toEqual(rejects);
        const one = await collect(s.scanRejects({ source: 'a.csv', batchSize: 2 }));
        expect(one.batches, "scanRejects({ source, batchSize: 2 }) batch sizes, of a source's 5").toEqual([
          2, 2, 1,
        ]);
        expect(one.rows).toEqual(rejects.slice(0, 5));
      }),
    );
  });
}
