import { describe, expect, it } from 'vitest';
import { columnsWithout } from '../src/erasure.js';
import {
  type EventColumns,
  EventColumnsBuilder,
  type EventInput,
  eventColumns,
  eventsOfColumns,
  eventTypeCode,
  StorageInputError,
} from '../src/index.js';
import { validateEventColumns } from '../src/validate-events.js';

const EVENTS: EventInput[] = [
  {
    eventId: 'or-536365-85123A-8kenzxkcfx',
    type: 'purchase',
    customerId: '17850',
    sku: '85123A',
    timestamp: new Date('2010-12-01T08:26:00Z'),
    quantity: 6,
    unitPrice: 2.55,
    orderId: '536365',
  },
  // Anonymous, no item, every optional text set; text outside Latin-1 and empty strings.
  {
    eventId: 'ev-ü-𝄞',
    type: 'search',
    customerId: null,
    sku: null,
    timestamp: new Date(0),
    query: 'tasse à café ☕',
    sessionId: '',
    orderId: null,
    rating: null,
  },
  {
    eventId: 'r1',
    type: 'rating',
    customerId: 'c\t1',
    sku: 's\n1',
    timestamp: new Date(Date.UTC(2199, 11, 31, 23, 59, 59, 999)),
    rating: 4.5,
    quantity: 0,
    unitPrice: -0.5,
  },
  // The first customer and item again: the batch lists each once.
  {
    eventId: 'or-536365-85123A-2',
    type: 'return',
    customerId: '17850',
    sku: '85123A',
    timestamp: new Date(1),
    quantity: 1,
  },
];

const withNulls = (e: EventInput): EventInput => ({
  query: null,
  sessionId: null,
  orderId: null,
  quantity: null,
  unitPrice: null,
  rating: null,
  ...e,
});

/** Adds `e` to `builder` without its text fields (addWithText), which the caller writes next. */
function addWithoutText(builder: EventColumnsBuilder, e: EventInput): void {
  builder.addWithText(
    eventTypeCode(e.type),
    e.timestamp.getTime(),
    e.customerId,
    e.sku,
    e.quantity ?? Number.NaN,
    e.unitPrice ?? Number.NaN,
    e.rating ?? Number.NaN,
  );
}

describe('event columns', () => {
  it('give back every field of every event, absent optional fields as null', () => {
    const columns = eventColumns(EVENTS);
    expect(columns.customerIds).toEqual(['17850', 'c\t1']);
    expect(columns.skus).toEqual(['85123A', 's\n1']);
    expect([...columns.customer]).toEqual([0, -1, 1, 0]);
    // UTF-8: 'ü' takes 2 bytes, '𝄞' 4, '☕' 3.
    expect(columns.textLengths[4]).toBe(10);
    expect(columns.textLengths[5]).toBe(18);
    expect(columns.textLengths[6]).toBe(0);
    expect(columns.textLengths[7]).toBe(-1);
    expect(eventsOfColumns(columns)).toEqual(EVENTS.map(withNulls));
  });

  it('survive a structured clone with their arrays transferred', () => {
    const columns = eventColumns(EVENTS);
    const cloned = structuredClone(columns, { transfer: EventColumnsBuilder.buffers(columns) });
    expect(columns.time.length).toBe(0);
    expect(eventsOfColumns(cloned)).toEqual(EVENTS.map(withNulls));
  });

  it('start over after take, growing past the initial capacity', () => {
    const builder = new EventColumnsBuilder(2);
    const many = Array.from({ length: 5 }, (_, n): EventInput => ({ ...EVENTS[n % 4]!, eventId: `e${n}` }));
    for (const e of many) builder.add(e);
    expect(eventsOfColumns(builder.take())).toEqual(many.map(withNulls));
    builder.add(EVENTS[1]!);
    const second = builder.take();
    expect(second.customerIds).toEqual([]);
    expect(eventsOfColumns(second)).toEqual([withNulls(EVENTS[1]!)]);
    expect(eventsOfColumns(eventColumns([]))).toEqual([]);
  });

  it('take into the buffers of earlier columns where they fit, and into new ones where not', () => {
    const builder = new EventColumnsBuilder(8);
    for (const e of [...EVENTS, ...EVENTS]) builder.add({ ...e, eventId: `${e.eventId}-a` });
    const first = builder.take();
    const spare = EventColumnsBuilder.buffers(first);
    const sizes = spare.map((b) => b.byteLength);
    // Fewer events: every column fits in the buffer it had.
    for (const e of EVENTS) builder.add(e);
    const second = builder.take(spare);
    for (const [k, buffer] of EventColumnsBuilder.buffers(second).entries()) expect(buffer).toBe(spare[k]);
    expect(second.time.length).toBe(4);
    expect(eventsOfColumns(second)).toEqual(EVENTS.map(withNulls));
    // More events than the spare holds: the columns that do not fit get buffers of their own.
    const many = Array.from({ length: 12 }, (_, n): EventInput => ({ ...EVENTS[n % 4]!, eventId: `m${n}` }));
    for (const e of many) builder.add(e);
    const third = builder.take(EventColumnsBuilder.buffers(second));
    expect(EventColumnsBuilder.buffers(third).map((b) => b.byteLength)).not.toEqual(sizes);
    expect(eventsOfColumns(third)).toEqual(many.map(withNulls));
    // Moved to another thread and back, as the import does.
    const moved = structuredClone(third, { transfer: EventColumnsBuilder.buffers(third) });
    for (const e of EVENTS) builder.add(e);
    expect(eventsOfColumns(builder.take(EventColumnsBuilder.buffers(moved)))).toEqual(EVENTS.map(withNulls));
  });

  it('take text written as bytes in pieces the same as text given whole', () => {
    const utf8 = (s: string) => new TextEncoder().encode(s);
    // Capacity 1: the arrays and the text buffer grow on the way.
    const builder = new EventColumnsBuilder(1);
    for (const e of EVENTS) {
      addWithoutText(builder, e);
      for (const value of [e.eventId, e.query, e.sessionId, e.orderId]) {
        if (value == null) {
          builder.nullText();
          continue;
        }
        // The first character as ASCII when it is, the rest as bytes, in two pieces.
        const bytes = utf8(value);
        const ascii = value.charCodeAt(0) < 0x80 ? 1 : 0;
        if (ascii) builder.textAscii(value[0]!);
        const middle = ascii + Math.floor((bytes.length - ascii) / 2);
        builder.textBytes(bytes, ascii, middle);
        builder.textBytes(bytes, middle, bytes.length);
        builder.endText();
      }
    }
    expect(builder.take()).toEqual(eventColumns(EVENTS));
  });

  it('take the four text fields written at once the same as text given whole', () => {
    const utf8 = (s: string | null | undefined) => (s == null ? null : new TextEncoder().encode(s));
    const builder = new EventColumnsBuilder(1);
    for (const e of EVENTS) {
      addWithoutText(builder, e);
      const fields = [e.eventId, e.query, e.sessionId, e.orderId].map(utf8);
      // The fields after 5 bytes of something else, one after the other.
      const source = new Uint8Array([1, 2, 3, 4, 5, ...fields.flatMap((f) => (f === null ? [] : [...f]))]);
      const [id, query, session, order] = fields.map((f) => (f === null ? -1 : f.length));
      builder.textFields(source, 5, id!, query!, session!, order!);
    }
    expect(builder.take()).toEqual(eventColumns(EVENTS));
    builder.addWithText(0, 0, null, null, 1, 1, 1);
    builder.nullText();
    expect(() => builder.textFields(new Uint8Array(0), 0, -1, -1, -1, -1)).toThrow(
      'textFields writes the four text fields of an event just added',
    );
  });

  it('refuse an event whose text fields were not all written', () => {
    const builder = new EventColumnsBuilder();
    builder.addWithText(0, 0, null, null, 1, 1, 1);
    builder.nullText();
    expect(() => builder.take()).toThrow('the last event has 3 text fields not written');
    expect(() => builder.add(EVENTS[0]!)).toThrow('the last event has 3 text fields not written');
    builder.nullText();
    builder.nullText();
    builder.endText();
    expect(() => builder.nullText()).toThrow('no text field is open');
    expect(builder.take().textLengths).toEqual(new Int32Array([-1, -1, -1, 0]));
  });

  it('are refused with the event and field named when a value is bad', () => {
    const bad = (change: (c: EventColumns & Record<string, unknown>) => void): string => {
      const columns = eventColumns(EVENTS) as EventColumns & Record<string, unknown>;
      change(columns);
      try {
        validateEventColumns(columns);
      } catch (error) {
        expect(error).toBeInstanceOf(StorageInputError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(bad(() => {})).toBe('accepted');
    expect(bad((c) => c.type.set([9], 2))).toMatch(/^events\[2\]: type must be one of/);
    expect(bad((c) => c.time.set([Number.NaN], 1))).toMatch(/^events\[1\]: timestamp must be a valid Date/);
    expect(bad((c) => c.time.set([0.5], 1))).toMatch(/^events\[1\]: timestamp must be a valid Date/);
    expect(bad((c) => c.time.set([8.64e15 + 1], 1))).toMatch(
      /^events\[1\]: timestamp must be from 1970-01-01T00:00:00.000Z up to 2200-01-01T00:00:00.000Z, got/,
    );
    expect(bad((c) => c.time.set([-1], 1))).toBe(
      'events[1]: timestamp must be from 1970-01-01T00:00:00.000Z up to 2200-01-01T00:00:00.000Z, got 1969-12-31T23:59:59.999Z',
    );
    expect(bad((c) => c.time.set([0], 1))).toBe('accepted');
    expect(bad((c) => c.unitPrice.set([1e12], 1))).toBe('accepted');
    expect(bad((c) => c.unitPrice.set([-1.5e12], 1))).toBe(
      'events[1]: unitPrice must be a finite number within ±1000000000000, got -1500000000000',
    );
    expect(bad((c) => c.quantity.set([Number.POSITIVE_INFINITY], 3))).toMatch(
      /^events\[3\]: quantity must be a finite number/,
    );
    expect(bad((c) => c.customer.set([2], 0))).toMatch(/^events\[0\]: customerId must index/);
    expect(bad((c) => c.item.set([-2], 0))).toMatch(/^events\[0\]: sku must index/);
    expect(bad((c) => c.text.fill(0x20, 0, 27))).toBe('events[0]: eventId is required');
    expect(bad((c) => (c.customerIds as string[]).push(' '))).toBe(
      'events.customerIds[2]: customerId must be a non-empty string',
    );
    expect(bad((c) => ((c.length as number) = 3))).toBe('events: columns must each hold 3 events');
    expect(bad((c) => c.textLengths.set([c.textLengths[8]! + 10_000], 8))).toBe(
      'events[2]: text runs past the end of the text bytes',
    );
    expect(bad((c) => c.rating.set([Number.NaN, Number.NEGATIVE_INFINITY], 2))).toMatch(
      /^events\[3\]: rating must be a finite number/,
    );
  });
});

describe('columnsWithout', () => {
  it('keeps the rows of customers not erased, byte for byte, as the same events through objects would', () => {
    const events: EventInput[] = [
      { eventId: 'e1', type: 'view', customerId: 'ann', sku: 'mug', timestamp: new Date(1) },
      {
        eventId: 'é2',
        type: 'purchase',
        customerId: 'bob',
        sku: 'tea',
        timestamp: new Date(2),
        quantity: 2,
        unitPrice: 3.5,
        orderId: 'o1',
      },
      {
        eventId: 'e3',
        type: 'search',
        customerId: null,
        sku: null,
        timestamp: new Date(3),
        query: 'grüner tee ☕',
        sessionId: 's1',
      },
      { eventId: 'e4', type: 'rating', customerId: 'cy', sku: 'mug', timestamp: new Date(4), rating: 4 },
      {
        eventId: 'e5',
        type: 'add_to_cart',
        customerId: 'bob',
        sku: 'pot',
        timestamp: new Date(5),
        sessionId: 's2',
      },
      { eventId: 'e6', type: 'view', customerId: 'ann', sku: 'pot', timestamp: new Date(6) },
    ];
    const columns = eventColumns(events);
    const erased = new Set(['bob', 'nobody']);
    const kept = columnsWithout(columns, erased);
    // The reference: the events as objects, filtered, and made columns again.
    const reference = eventColumns(events.filter((e) => e.customerId === null || !erased.has(e.customerId)));
    expect(eventsOfColumns(kept)).toEqual(eventsOfColumns(reference));
    expect(kept.customerIds).toEqual(['ann', 'cy']);
    expect(Array.from(kept.text)).toEqual(Array.from(reference.text));
    expect(Array.from(kept.textLengths)).toEqual(Array.from(reference.textLengths));
    // Nothing erased in the batch: the same object back.
    expect(columnsWithout(columns, new Set(['nobody']))).toBe(columns);
  });
});
