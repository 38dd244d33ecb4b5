/**
 * Repeated event ids with other content (event-conflicts.ts): the first stored wins, and the repeats
 * are duplicates that each adapter reports as conflicts, on its ordinary path and on a bulk load's.
 */
import { describe, expect, it } from 'vitest';
import { eventColumns, eventsOfColumns } from '../event-columns.js';
import type { EventConflict } from '../event-conflicts.js';
import type { AppendResult, EventInput, Storage } from '../types.js';
import { collect } from './collect.js';
import { at, event } from './fixtures.js';
import type { WithStorage } from './index.js';

const APPENDS = [
  ['appendEvents', (s: Storage, events: EventInput[]) => s.appendEvents(events)],
  [
    'appendEventColumns',
    (s: Storage, events: EventInput[]) =>
      s.appendEventColumns
        ? s.appendEventColumns(eventColumns(events))
        : s.appendEvents(eventsOfColumns(eventColumns(events))),
  ],
] as const;

/** A large first import: 3,000 views; every 10th row repeats the id of the row 5 before it, every 20th with other content. */
function largeImport(): EventInput[] {
  const base = (k: number) =>
    event(`L-${k}`, { customerId: `c${k % 50}`, sku: `s${k % 40}`, timestamp: at(k / 100) });
  return Array.from({ length: 3000 }, (_, k) => {
    if (k % 10 !== 9) return base(k);
    const first = base(k - 5);
    return k % 20 === 9 ? { ...first, type: 'purchase', quantity: 1 } : first;
  });
}

/** The conflicts of largeImport's rows `from` to `to` appended as one batch (index in that batch). */
function expectedConflicts(from: number, to: number): EventConflict[] {
  const out: EventConflict[] = [];
  for (let k = from; k < to; k++)
    if (k % 20 === 9)
      out.push({
        index: k - from,
        eventId: `L-${k - 5}`,
        fields: [
          { field: 'type', stored: 'view', given: 'purchase' },
          { field: 'quantity', stored: null, given: 1 },
        ],
      });
  return out;
}

/**
 * Each batch's conflicts, those its append reported and those the transaction's settleDuplicates
 * reported for its `unsettled` events (by their position among all of them), in index order.
 */
function conflictsPerBatch(results: AppendResult[], settled: EventConflict[]): EventConflict[][] {
  const owners: { batch: number; index: number }[] = [];
  results.forEach((r, batch) => {
    for (const index of r.unsettled) owners.push({ batch, index });
  });
  const out = results.map((r) => [...r.conflicts]);
  for (const c of settled) {
    const owner = owners[c.index]!;
    out[owner.batch]!.push({ ...c, index: owner.index });
  }
  for (const list of out) list.sort((a, b) => a.index - b.index);
  return out;
}

export function eventConflictTests(withStorage: WithStorage): void {
  describe('event id conflicts', () => {
    it(
      'counts a repeat with the same content as a duplicate only',
      withStorage(async (s) => {
        const a = event('a', { type: 'purchase', quantity: 2, unitPrice: 3.5, orderId: 'o1' });
        expect(await s.appendEvents([a, { ...a }])).toMatchObject({
          inserted: 1,
          duplicates: 1,
          conflicts: [],
        });
        // Fields left out and fields given as null are the same content.
        expect(await s.appendEvents([{ ...a, rating: null, query: undefined }])).toEqual({
          inserted: 0,
          duplicates: 1,
          erased: 0,
          conflicts: [],
          unsettled: [],
        });
      }),
    );

    it(
      'reports a repeat with other content within one batch, keeping the first',
      withStorage(async (s) => {
        expect(
          await s.appendEvents([event('a'), event('b'), event('a', { type: 'purchase', quantity: 2 })]),
        ).toEqual({
          inserted: 2,
          duplicates: 1,
          erased: 0,
          conflicts: [
            {
              index: 2,
              eventId: 'a',
              fields: [
                { field: 'type', stored: 'view', given: 'purchase' },
                { field: 'quantity', stored: null, given: 2 },
              ],
            },
          ],
          unsettled: [],
        });
        const { rows } = await collect(s.scanEvents());
        expect(rows.find((e) => e.eventId === 'a')).toMatchObject({ type: 'view', quantity: null });
      }),
    );

    it(
      'reports a repeat of a stored id with other content across batches, the stored event unchanged',
      withStorage(async (s) => {
        await s.appendEvents([event('a', { sessionId: 's1' }), event('b')]);
        const result = await s.appendEvents([
          event('c'),
          event('a', { customerId: 'c2', timestamp: at(1), sessionId: 's1', query: 'mugs' }),
          event('b'),
        ]);
        expect(result).toEqual({
          inserted: 1,
          duplicates: 2,
          erased: 0,
          conflicts: [
            {
              index: 1,
              eventId: 'a',
              fields: [
                { field: 'customerId', stored: 'c1', given: 'c2' },
                { field: 'timestamp', stored: at(0).toISOString(), given: at(1).toISOString() },
                { field: 'query', stored: null, given: 'mugs' },
              ],
            },
          ],
          unsettled: [],
        });
        const { rows } = await collect(s.scanEvents());
        expect(rows.find((e) => e.eventId === 'a')).toMatchObject({ customerId: 'c1', query: null });
        // The repeat created no customer.
        expect(await s.getCustomer('c2')).toBeNull();
      }),
    );

    it(
      'numbers a conflict by its index in the input, events of erased customers included',
      withStorage(async (s) => {
        await s.appendEvents([event('a'), event('z0', { customerId: 'zed' })]);
        await s.deleteCustomer('zed');
        const result = await s.appendEvents([
          event('z1', { customerId: 'zed' }),
          event('a', { sku: 'sku-2' }),
        ]);
        expect(result).toMatchObject({
          inserted: 0,
          duplicates: 1,
          erased: 1,
          conflicts: [
            { index: 1, eventId: 'a', fields: [{ field: 'sku', stored: 'sku-1', given: 'sku-2' }] },
          ],
        });
      }),
    );

    it.each(APPENDS)(
      'reports the conflicts of a large batch outside a transaction (a bulk load on SQL), through %s',
      (_, append) =>
        withStorage(async (s) => {
          const events = largeImport();
          expect(await append(s, events)).toEqual({
            inserted: 2700,
            duplicates: 300,
            erased: 0,
            conflicts: expectedConflicts(0, 3000),
            unsettled: [],
          });
        })(),
    );

    it.each(APPENDS)(
      'reports the conflicts of a first large import in one transaction once it settles, through %s',
      (_, append) =>
        withStorage(async (s) => {
          const events = largeImport();
          await s.transaction(async (tx) => {
            const results = [await append(tx, events.slice(0, 2000)), await append(tx, events.slice(2000))];
            expect(results.map((r) => [r.inserted, r.duplicates])).toEqual([
              [1800, 200],
              [900, 100],
            ]);
            const settled = (await tx.settleDuplicates?.()) ?? [];
            expect(conflictsPerBatch(results, settled)).toEqual([
              expectedConflicts(0, 2000),
              expectedConflicts(2000, 3000),
            ]);
            // Settled: a later batch's conflicts come with its append.
            expect(await append(tx, [event('L-1', { ...events[1]!, type: 'rating', rating: 4 })])).toEqual({
              inserted: 0,
              duplicates: 1,
              erased: 0,
              conflicts: [
                {
                  index: 0,
                  eventId: 'L-1',
                  fields: [
                    { field: 'type', stored: 'view', given: 'rating' },
                    { field: 'rating', stored: null, given: 4 },
                  ],
                },
              ],
              unsettled: [],
            });
          });
          // The first of each id is what was stored.
          expect(await s.counts()).toMatchObject({ events: 2700, eventsByType: { view: 2700 } });
        })(),
    );
  });
}
