import type { EventInput } from '../types.js';

export const t0 = Date.UTC(2024, 0, 1);
export const at = (hours: number) => new Date(t0 + hours * 3_600_000);

export function event(eventId: string, fields: Partial<EventInput> = {}): EventInput {
  return { eventId, type: 'view', customerId: 'c1', sku: 'sku-1', timestamp: at(0), ...fields };
}

/** A small shop history: two customers, three items, purchases in two orders, a return, views, a rating. */
export const shopEvents: EventInput[] = [
  event('e1', { customerId: 'alice', sku: 'mug', type: 'view', timestamp: at(1) }),
  event('e2', { customerId: 'alice', sku: 'mug', type: 'add_to_cart', timestamp: at(2) }),
  event('e3', {
    customerId: 'alice',
    sku: 'mug',
    type: 'purchase',
    quantity: 2,
    unitPrice: 5,
    orderId: 'o1',
    timestamp: at(3),
  }),
  event('e4', {
    customerId: 'alice',
    sku: 'tea',
    type: 'purchase',
    quantity: 1,
    unitPrice: 3.5,
    orderId: 'o1',
    timestamp: at(3),
  }),
  event('e5', {
    customerId: 'alice',
    sku: 'tea',
    type: 'purchase',
    quantity: 4,
    unitPrice: 3.5,
    orderId: 'o2',
    timestamp: at(30),
  }),
  event('e6', {
    customerId: 'alice',
    sku: 'tea',
    type: 'return',
    quantity: 1,
    unitPrice: 3.5,
    orderId: 'o2',
    timestamp: at(40),
  }),
  event('e7', { customerId: 'bob', sku: 'pot', type: 'view', timestamp: at(5) }),
  event('e8', { customerId: 'bob', sku: 'pot', type: 'rating', rating: 4, timestamp: at(6) }),
  event('e9', {
    customerId: 'bob',
    sku: 'mug',
    type: 'purchase',
    quantity: 1,
    unitPrice: 6,
    timestamp: at(7),
  }),
  event('e10', {
    customerId: null,
    sku: 'mug',
    type: 'purchase',
    quantity: 3,
    unitPrice: 5,
    orderId: 'o3',
    timestamp: at(8),
  }),
  event('e11', {
    customerId: 'bob',
    sku: null,
    type: 'search',
    query: 'green tea',
    sessionId: 's1',
    timestamp: at(9),
  }),
];
