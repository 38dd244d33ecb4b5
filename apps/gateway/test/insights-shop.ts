import type { Storage } from '@storewise/storage';

const day = (d: number) => new Date(Date.UTC(2024, 2, d, 12));

/**
 * A small shop whose figures are worked out by hand:
 * ann (Germany): order o1 = 2 x 10 on Mar 1, order o2 = 1 x 30 on Mar 5, one return of 1 x 10 -> 2 orders,
 * revenue 50, average order 25; ben (France): 1 x 50 -> revenue 50; cat (United Kingdom): 4 x 5 without an
 * order id -> revenue 20; dan: a view, no purchase. All customers: revenue 120.
 */
export async function seedInsightShop(storage: Storage): Promise<void> {
  await storage.upsertCustomers([
    { externalId: 'ann', country: 'Germany' },
    { externalId: 'ben', country: 'France' },
    { externalId: 'cat', country: 'United Kingdom' },
    { externalId: 'dan', country: 'United Kingdom' },
  ]);
  const purchase = (
    eventId: string,
    customerId: string,
    quantity: number,
    unitPrice: number,
    d: number,
    orderId?: string,
  ) => ({
    eventId,
    type: 'purchase' as const,
    customerId,
    sku: 'mug',
    quantity,
    unitPrice,
    timestamp: day(d),
    orderId: orderId ?? null,
  });
  await storage.appendEvents([
    purchase('a1', 'ann', 2, 10, 1, 'o1'),
    purchase('a2', 'ann', 1, 30, 5, 'o2'),
    {
      eventId: 'a3',
      type: 'return',
      customerId: 'ann',
      sku: 'mug',
      quantity: 1,
      unitPrice: 10,
      timestamp: day(6),
    },
    purchase('b1', 'ben', 1, 50, 2, 'o3'),
    purchase('c1', 'cat', 4, 5, 3),
    { eventId: 'd1', type: 'view', customerId: 'dan', sku: 'mug', timestamp: day(4) },
  ]);
  await storage.upsertScores([
    { customerId: 'ann', model: 'rfm_recency', score: 5, computedAt: day(5) },
    { customerId: 'ann', model: 'rfm_frequency', score: 4, computedAt: day(5) },
    { customerId: 'ann', model: 'rfm_monetary', score: 3, computedAt: day(5) },
    { customerId: 'ann', model: 'clv', score: 321.5, computedAt: day(5) },
    { customerId: 'ann', model: 'p_alive', score: 0.8, computedAt: day(5) },
    { customerId: 'ann', model: 'expected_purchases_90d', score: 1.25, computedAt: day(5) },
    { customerId: 'ann', model: 'p_purchase_30d', score: 0.4, computedAt: day(6) },
    { customerId: 'ann', model: 'p_purchase_7d', score: 0.1, computedAt: day(6) },
    { customerId: 'ben', model: 'clv', score: 80, computedAt: day(5) },
  ]);
  await storage.upsertSegment({
    id: 'rfm:champions',
    name: 'Champions',
    kind: 'rfm',
    definition: { segment: 'Champions' },
  });
  await storage.refreshSegment('rfm:champions', ['ann'], day(5));
}
