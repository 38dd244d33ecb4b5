import { describe, expect, it } from 'vitest';
import type { DemandPeriod, ItemDemandOptions } from '../bulk-types.js';
import { scanItemDemand, topItemsByNetUnits } from '../reads.js';
import type { EventInput, Storage } from '../types.js';
import { withoutBulk } from './bulk-reads.js';
import { event } from './fixtures.js';
import type { WithStorage } from './index.js';

const utc = (iso: string) => new Date(`${iso}Z`);
const sale = (id: string, sku: string | null, iso: string, f: Partial<EventInput> = {}) =>
  event(id, { customerId: 'alice', sku, type: 'purchase', timestamp: utc(iso), ...f });

/**
 * A hand-made history in 2024, a leap year; 2024-03-03 is a Sunday and 2024-12-30 a Monday.
 * mug: an anonymous sale on the leap day, a sale without a quantity on Sunday 23:59 and one on Monday 00:00
 * (different ISO weeks), a return; a view and a cart (not demand). tea: 1.5 units in the leap day's last
 * millisecond, a sale at 00:00 on March 1st, an anonymous return without a quantity. cup: sales across the
 * new year inside one ISO week, a return at a month's first instant. jug: a return stored with a negative
 * quantity (only a direct append writes one). pot: only viewed. A purchase and a search without an item.
 */
const history: EventInput[] = [
  sale('d1', 'mug', '2024-02-29T12:00:00', { customerId: null, quantity: 2 }),
  sale('d2', 'mug', '2024-03-03T23:59:00'),
  sale('d3', 'mug', '2024-03-04T00:00:00', { customerId: 'bob', quantity: 3 }),
  sale('d4', 'mug', '2024-03-05T10:00:00', { type: 'return', quantity: 1 }),
  sale('d5', 'mug', '2024-03-04T01:00:00', { type: 'view' }),
  sale('d6', 'mug', '2024-03-04T02:00:00', { type: 'add_to_cart', quantity: 5 }),
  sale('d7', 'tea', '2024-02-29T23:59:59.999', { quantity: 1.5 }),
  sale('d8', 'tea', '2024-03-01T00:00:00', { quantity: 4 }),
  sale('d9', 'tea', '2024-03-01T05:00:00', { customerId: null, type: 'return' }),
  sale('d10', 'tea', '2024-03-02T00:00:00', { type: 'rating', rating: 5 }),
  sale('d11', 'cup', '2024-01-31T23:59:59', { quantity: 2 }),
  sale('d12', 'cup', '2024-02-01T00:00:00', { type: 'return', quantity: 2 }),
  sale('d13', 'cup', '2024-12-31T20:00:00', { quantity: 1 }),
  sale('d14', 'cup', '2025-01-01T03:00:00'),
  sale('d15', 'jug', '2024-02-01T00:00:00', { quantity: 3 }),
  sale('d16', 'jug', '2024-02-01T08:00:00', { type: 'return', quantity: -2 }),
  sale('d17', 'pot', '2024-03-04T00:00:00', { type: 'view' }),
  sale('d18', null, '2024-03-04T00:00:00', { quantity: 7 }),
  sale('d19', null, '2024-03-04T00:00:00', { type: 'search', query: 'mug' }),
];

/** One row as [sku, period start (ISO date), purchased, returned, purchase lines]. */
type Row = [string, string, number, number, number];

/** Expected rows by hand, per period, in SKU order (sorted by item index in `expectedFor`). */
const expected: Record<DemandPeriod, Row[]> = {
  day: [
    ['mug', '2024-02-29', 2, 0, 1],
    ['mug', '2024-03-03', 1, 0, 1],
    ['mug', '2024-03-04', 3, 0, 1],
    ['mug', '2024-03-05', 0, 1, 0],
    ['tea', '2024-02-29', 1.5, 0, 1],
    ['tea', '2024-03-01', 4, 1, 1],
    ['cup', '2024-01-31', 2, 0, 1],
    ['cup', '2024-02-01', 0, 2, 0],
    ['cup', '2024-12-31', 1, 0, 1],
    ['cup', '2025-01-01', 1, 0, 1],
    ['jug', '2024-02-01', 3, 2, 1],
  ],
  week: [
    // Monday 2024-02-26 holds the leap day and Sunday 03-03 23:59; Monday 03-04 00:00 starts the next.
    ['mug', '2024-02-26', 3, 0, 2],
    ['mug', '2024-03-04', 3, 1, 1],
    ['tea', '2024-02-26', 5.5, 1, 2],
    ['cup', '2024-01-29', 2, 2, 1],
    ['cup', '2024-12-30', 2, 0, 2],
    ['jug', '2024-01-29', 3, 2, 1],
  ],
  month: [
    ['mug', '2024-02-01', 2, 0, 1],
    ['mug', '2024-03-01', 4, 1, 2],
    ['tea', '2024-02-01', 1.5, 0, 1],
    ['tea', '2024-03-01', 4, 1, 1],
    ['cup', '2024-01-01', 2, 0, 1],
    ['cup', '2024-02-01', 0, 2, 0],
    ['cup', '2024-12-01', 1, 0, 1],
    ['cup', '2025-01-01', 1, 0, 1],
    ['jug', '2024-02-01', 3, 2, 1],
  ],
};

interface Read {
  rows: Row[];
  /** The SKUs of each batch, in order of appearance. */
  batches: string[][];
}

async function read(storage: Storage, options: ItemDemandOptions): Promise<Read> {
  const skus = new Map<number, string>();
  for await (const b of storage.scanItems()) for (const i of b) skus.set(i.index, i.sku);
  const rows: Row[] = [];
  const batches: string[][] = [];
  let lastIndex = Number.NEGATIVE_INFINITY;
  let lastStart = Number.NEGATIVE_INFINITY;
  for await (const b of scanItemDemand(storage, options)) {
    const inBatch: string[] = [];
    for (let k = 0; k < b.length; k++) {
      const index = b.itemIndex[k]!;
      const start = b.periodStart[k]!;
      // Ordered by item index, then period start, across batches too.
      expect(index > lastIndex || (index === lastIndex && start > lastStart)).toBe(true);
      lastIndex = index;
      lastStart = start;
      const sku = skus.get(index)!;
      if (inBatch.at(-1) !== sku) inBatch.push(sku);
      rows.push([
        sku,
        new Date(start).toISOString().slice(0, 10),
        b.purchased[k]!,
        b.returned[k]!,
        b.purchaseLines[k]!,
      ]);
    }
    batches.push(inBatch);
  }
  return { rows, batches };
}

/** `rows` (in SKU groups, periods in order) sorted by item index, as the scan lists them. */
async function inIndexOrder(storage: Storage, rows: readonly Row[]): Promise<Row[]> {
  const index = new Map<string, number>();
  for await (const b of storage.scanItems()) for (const i of b) index.set(i.sku, i.index);
  return [...rows].sort((a, b) => index.get(a[0])! - index.get(b[0])!);
}

/** The expected rows of the SKUs `only` (all by default), in item index order. */
const expectedFor = (storage: Storage, period: DemandPeriod, only?: string[]): Promise<Row[]> =>
  inIndexOrder(
    storage,
    expected[period].filter(([sku]) => only === undefined || only.includes(sku)),
  );

async function drain(scan: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of scan);
}

export function itemDemandTests(withStorage: WithStorage): void {
  describe('item demand per period (the fast path where the adapter has one, and the fallback)', () => {
    it(
      'sums units purchased and returned per item and UTC day, ISO week and month',
      withStorage(async (s) => {
        await s.appendEvents(history);
        for (const storage of [s, withoutBulk(s)])
          for (const period of ['day', 'week', 'month'] as const) {
            const { rows, batches } = await read(storage, { period });
            expect(rows).toEqual(await expectedFor(s, period));
            expect(batches).toHaveLength(1);
          }
      }),
    );

    it(
      'nets to the units of topItemsByNetUnits where returns are stored as positive units',
      withStorage(async (s) => {
        await s.appendEvents(history);
        const net = new Map<string, number>();
        for (const [sku, , purchased, returned] of (await read(s, { period: 'month' })).rows)
          net.set(sku, (net.get(sku) ?? 0) + purchased - returned);
        // jug's return is stored as -2 units: topItemsByNetUnits adds it back (3 + 2), demand counts 2 returned.
        const top = await topItemsByNetUnits(s, 10);
        expect(top.map((t) => [t.sku, t.units])).toEqual([
          ['jug', 5],
          ['mug', 5],
          ['tea', 4.5],
          ['cup', 2],
        ]);
        for (const t of top) if (t.sku !== 'jug') expect(net.get(t.sku)).toBe(t.units);
        expect(net.get('jug')).toBe(1);
      }),
    );

    it(
      'keeps events from since (inclusive) to until (exclusive), and only the named SKUs',
      withStorage(async (s) => {
        await s.appendEvents(history);
        for (const storage of [s, withoutBulk(s)]) {
          // d8 (March 1st 00:00) is in, d4 (March 5th 10:00) out.
          const window = { since: utc('2024-03-01T00:00:00'), until: utc('2024-03-05T10:00:00') };
          const { rows } = await read(storage, { period: 'week', ...window });
          expect(rows).toEqual(
            await inIndexOrder(s, [
              ['mug', '2024-02-26', 1, 0, 1],
              ['mug', '2024-03-04', 3, 0, 1],
              ['tea', '2024-02-26', 4, 1, 1],
            ]),
          );
          const named = await read(storage, {
            period: 'week',
            skus: ['tea', 'nope', 'cup', 'n\u0000ul', 'tea'],
          });
          expect(named.rows).toEqual(await expectedFor(s, 'week', ['tea', 'cup']));
          expect((await read(storage, { period: 'week', skus: ['pot'] })).rows).toEqual([]);
          expect((await read(storage, { period: 'day', skus: [] })).rows).toEqual([]);
          const only = await read(storage, { period: 'day', since: utc('2025-01-01T00:00:00') });
          expect(only.rows).toEqual([['cup', '2025-01-01', 1, 0, 1]]);
        }
      }),
    );

    it(
      'puts all periods of an item in one batch, at most batchSize items a batch',
      withStorage(async (s) => {
        await s.appendEvents(history);
        for (const storage of [s, withoutBulk(s)]) {
          const want = await expectedFor(s, 'day');
          const skus = [...new Set(want.map(([sku]) => sku))];
          const one = await read(storage, { period: 'day', batchSize: 1 });
          expect(one.rows).toEqual(want);
          expect(one.batches).toEqual(skus.map((sku) => [sku]));
          // Up to two items a batch (an adapter may count items without demand, such as pot, towards it).
          const two = await read(storage, { period: 'day', batchSize: 2 });
          expect(two.rows).toEqual(want);
          expect(two.batches.flat()).toEqual(skus);
          for (const b of two.batches) expect(b.length).toBeLessThanOrEqual(2);
          const named = await read(storage, { period: 'week', batchSize: 1, skus: ['jug', 'mug'] });
          expect(named.rows).toEqual(await expectedFor(s, 'week', ['jug', 'mug']));
          expect(named.batches).toHaveLength(2);
        }
      }),
    );

    it(
      'refuses bad options, naming the field',
      withStorage(async (s) => {
        await s.appendEvents(history);
        const since = utc('2024-03-01T00:00:00');
        const bad: [ItemDemandOptions, string][] = [
          [
            { period: 'year' as never },
            'item demand options: period must be one of day, week, month, got "year"',
          ],
          [{} as never, 'item demand options: period must be one of day, week, month, got undefined'],
          [{ period: 'week', since, until: since }, 'item demand options: until must be after since'],
          [
            { period: 'week', since: new Date(Number.NaN) },
            'item demand options: since must be a valid Date',
          ],
          [
            { period: 'week', until: '2024-03-01' as never },
            'item demand options: until must be a valid Date',
          ],
          [{ period: 'week', skus: ['mug', 7 as never] }, 'item demand options: skus[1] must be a string'],
          [{ period: 'week', batchSize: 0 }, 'batchSize must be a positive integer, got 0'],
        ];
        for (const storage of [s, withoutBulk(s)])
          for (const [options, message] of bad)
            await expect(drain(scanItemDemand(storage, options))).rejects.toThrow(message);
        // The adapter's own fast path checks them too.
        if (s.bulk.scanItemDemand)
          await expect(drain(s.bulk.scanItemDemand({ period: 'fortnight' as never }))).rejects.toThrow(
            'period must be one of',
          );
      }),
    );
  });
}
