import type { EventInput } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { decodeEvents, encodeEvents } from '../../src/import/event-codec.js';

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
    timestamp: new Date(-1),
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
    timestamp: new Date(8.64e15),
    rating: 4.5,
    quantity: 0,
    unitPrice: -0.5,
  },
];

describe('event codec', () => {
  it('gives back every field of every event, absent optional fields as null', () => {
    const decoded = decodeEvents(encodeEvents(EVENTS));
    expect(decoded).toEqual(
      EVENTS.map((e) => ({
        query: null,
        sessionId: null,
        orderId: null,
        quantity: null,
        unitPrice: null,
        rating: null,
        ...e,
      })),
    );
  });

  it('survives a structured clone with its arrays transferred', () => {
    const encoded = encodeEvents(EVENTS);
    const cloned = structuredClone(encoded, { transfer: [encoded.lengths.buffer, encoded.numbers.buffer] });
    expect(encoded.lengths.length).toBe(0);
    expect(decodeEvents(cloned)[1]!.query).toBe('tasse à café ☕');
    expect(decodeEvents(cloned)).toHaveLength(3);
  });

  it('sends a value repeated from the event before once, and gives back the same string', () => {
    const line = (n: number): EventInput => ({
      eventId: `or-536365-${n}`,
      type: 'purchase',
      customerId: n === 2 ? null : '17850',
      sku: `sku-${n % 2}`,
      timestamp: new Date(0),
      orderId: '536365',
    });
    const events = [line(0), line(1), line(2), line(3), line(5)];
    const encoded = encodeEvents(events);
    // Ids always; a value only when it differs from the last one sent for its field (the anonymous line
    // in between does not change that: its customer is null).
    expect(encoded.text).toBe(
      'or-536365-0purchase17850sku-0536365or-536365-1sku-1or-536365-2sku-0or-536365-3sku-1or-536365-5',
    );
    const decoded = decodeEvents(encoded);
    expect(decoded.map((e) => [e.customerId, e.sku, e.orderId])).toEqual(
      events.map((e) => [e.customerId, e.sku, e.orderId]),
    );
    expect(decoded[4]!.customerId).toBe(decoded[3]!.customerId);
  });

  it('encodes an empty batch', () => {
    expect(decodeEvents(encodeEvents([]))).toEqual([]);
  });
});
