import type { CustomerInput, EventInput, ItemInput } from '@storewise/storage';
import { eventsOfColumns } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { BatchCollector } from '../../src/import/batch-collector.js';
import type { ParsedRow } from '../../src/import/types.js';

let line = 1;
function row(event: Partial<EventInput>, item: ItemInput | null, customer: CustomerInput | null): ParsedRow {
  line++;
  return {
    line,
    raw: `line ${line}`,
    event: {
      eventId: `e${line}`,
      type: 'purchase',
      customerId: customer?.externalId ?? null,
      sku: item?.sku ?? null,
      timestamp: new Date(line * 1000),
      ...event,
    },
    item,
    customer,
    problems: null,
  };
}

describe('BatchCollector', () => {
  it('merges item and customer facts across batches of one transaction: a later non-null field wins', () => {
    const c = new BatchCollector('f.csv', true);
    c.add(
      row({}, { sku: 'A', title: 'Mug', price: 2, currency: 'GBP' }, { externalId: 'c1', country: 'France' }),
    );
    c.add(row({}, { sku: 'B', title: 'Pot' }, null));
    const first = c.take(false);
    // Deferred: the facts wait for the final batch.
    expect(first.items).toEqual([]);
    expect(first.customers).toEqual([]);
    expect(eventsOfColumns(first.events).map((e) => [e.eventId, e.customerId, e.sku])).toEqual([
      ['e2', 'c1', 'A'],
      ['e3', null, 'B'],
    ]);
    c.add(
      row(
        {},
        { sku: 'A', title: null, price: 3, attributes: { recommendable: false } },
        { externalId: 'c1' },
      ),
    );
    const latest = row(
      {},
      { sku: 'A', title: 'Big mug' },
      { externalId: 'c1', country: null, consent: { analytics: false } },
    );
    c.add(latest);
    // An earlier order read later: its facts only fill what is missing (C's title, not its price).
    c.add(row({ timestamp: new Date(9_000_000) }, { sku: 'C', price: 5 }, null));
    c.add(row({ timestamp: new Date(1) }, { sku: 'C', price: 4, title: 'Cup' }, null));
    const last = c.take(true);
    const at = latest.event!.timestamp;
    expect(last.items).toEqual([
      {
        sku: 'A',
        title: 'Big mug',
        price: 3,
        currency: 'GBP',
        attributes: { recommendable: false },
        asOf: at,
      },
      { sku: 'B', title: 'Pot', asOf: expect.any(Date) },
      { sku: 'C', price: 5, title: 'Cup', asOf: new Date(9_000_000) },
    ]);
    expect(last.customers).toEqual([
      { externalId: 'c1', country: 'France', consent: { analytics: false }, asOf: at },
    ]);
    expect([c.customerKeys.size, c.itemKeys.size]).toEqual([1, 3]);
  });

  it('writes each batch its changed facts when not deferring, and nothing for facts already written', () => {
    const c = new BatchCollector('f.csv');
    c.add(row({}, { sku: 'A', title: 'Mug' }, null));
    expect(c.take(false).items).toEqual([{ sku: 'A', title: 'Mug', asOf: expect.any(Date) }]);
    // The same facts at a later time: nothing stored would change (storage moves facts_at with values).
    c.add(row({}, { sku: 'A', title: 'Mug' }, null));
    expect(c.take(false).items).toEqual([]);
    const priced = row({}, { sku: 'A', title: 'Mug', price: 1 }, null);
    c.add(priced);
    expect(c.take(true).items).toEqual([{ sku: 'A', title: 'Mug', price: 1, asOf: priced.event!.timestamp }]);
  });

  it('keeps rejects with their line and counts them by reason', () => {
    const c = new BatchCollector('f.csv');
    c.add({
      line: 9,
      raw: 'x,y',
      event: null,
      item: null,
      customer: null,
      problems: [
        { field: 'Quantity', reason: 'non-numeric quantity' },
        { field: 'UnitPrice', reason: 'negative price' },
      ],
      customerId: 'c9',
    });
    // A row whose customer was not read (customerId absent) names no one.
    c.add({
      line: 10,
      raw: 'z',
      event: null,
      item: null,
      customer: null,
      problems: [{ field: '(row)', reason: 'r' }],
    });
    const batch = c.take(true);
    expect(batch).toMatchObject({ rows: 2, rejectedRows: 2 });
    expect(batch.rejects).toEqual([
      {
        source: 'f.csv',
        line: 9,
        field: 'Quantity',
        reason: 'non-numeric quantity',
        raw: 'x,y',
        customerId: 'c9',
      },
      {
        source: 'f.csv',
        line: 9,
        field: 'UnitPrice',
        reason: 'negative price',
        raw: 'x,y',
        customerId: 'c9',
      },
      { source: 'f.csv', line: 10, field: '(row)', reason: 'r', raw: 'z', customerId: null },
    ]);
    expect(c.byReason).toEqual({ 'non-numeric quantity': 1, 'negative price': 1, r: 1 });
  });

  it('holds rejects back for the final batch when deferring, each batch counting only its own', () => {
    const c = new BatchCollector('f.csv', true);
    const bad = (n: number): ParsedRow => ({
      line: n,
      raw: `bad ${n}`,
      event: null,
      item: null,
      customer: null,
      problems: [{ field: 'Quantity', reason: 'non-numeric quantity' }],
    });
    c.add(bad(2));
    c.add(row({}, null, null));
    expect(c.size).toBe(2);
    const first = c.take(false);
    expect(first).toMatchObject({ rows: 2, rejectedRows: 1, rejects: [] });
    expect(c.size).toBe(0);
    c.add(bad(4));
    expect(c.size).toBe(1);
    const last = c.take(true);
    expect(last).toMatchObject({ rows: 1, rejectedRows: 1 });
    expect(last.rejects.map((r) => r.line)).toEqual([2, 4]);
  });
});
