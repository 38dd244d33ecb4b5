import type { EventInput } from '@storewise/storage';

export const SHOP_SKUS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/**
 * Twelve customers over eight items in two taste groups, so item-knn has neighbours to find: even
 * customers use A-D, odd ones E-H, each skipping one item; items at even positions are bought, the others
 * viewed (c0: A bought, B viewed, C bought).
 */
export function shopEvents(): EventInput[] {
  const events: EventInput[] = [];
  for (let c = 0; c < 12; c++) {
    const group = c % 2 === 0 ? SHOP_SKUS.slice(0, 4) : SHOP_SKUS.slice(4);
    group.forEach((sku, j) => {
      if ((c + j) % 4 === 3) return;
      events.push({
        eventId: `c${c}-${sku}`,
        type: j % 2 === 0 ? 'purchase' : 'view',
        customerId: `c${c}`,
        sku,
        timestamp: new Date(Date.UTC(2024, 0, 1 + c, j)),
        quantity: 1,
      });
    });
  }
  return events;
}
