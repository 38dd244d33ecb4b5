/**
 * A small shop with tastes, as a shop developer's first trial: 300 customers, 80 items in 8 categories
 * (item i in category i mod 8), each customer favouring 1 or 2 categories. A customer has 2 + a geometric
 * number of events (mean about 16); each event's item is drawn from the favourite categories with
 * probability 0.8 (else from every item), weighted by popularity 1 / (i + 1)^0.8; 60% views, 20% adds to
 * cart, 20% purchases, over half a year. Seeded (createRng), so every run builds the same events.
 */
import { createRng } from '@storewise/core';
import type { EventInput } from '@storewise/storage';

const ITEMS = 80;
const CATEGORIES = 8;
const DAY = 86_400_000;

export function tasteShopEvents(seed = 7): EventInput[] {
  const rng = createRng(seed);
  const weight = Array.from({ length: ITEMS }, (_, i) => 1 / (i + 1) ** 0.8);
  const pick = (candidates: number[]) => {
    let total = 0;
    for (const i of candidates) total += weight[i]!;
    let r = rng.next() * total;
    for (const i of candidates) {
      r -= weight[i]!;
      if (r < 0) return i;
    }
    return candidates.at(-1)!;
  };
  const all = [...Array(ITEMS).keys()];
  const events: EventInput[] = [];
  for (let c = 0; c < 300; c++) {
    const first = rng.int(CATEGORIES);
    const favourites =
      rng.next() < 0.5 ? [first] : [first, (first + 1 + rng.int(CATEGORIES - 1)) % CATEGORIES];
    const liked = all.filter((i) => favourites.includes(i % CATEGORIES));
    let n = 2;
    while (rng.next() < 15 / 16) n++;
    for (let e = 0; e < n; e++) {
      const item = pick(rng.next() < 0.8 ? liked : all);
      const r = rng.next();
      events.push({
        eventId: `t${events.length}`,
        type: r < 0.6 ? 'view' : r < 0.8 ? 'add_to_cart' : 'purchase',
        customerId: `C${String(c).padStart(4, '0')}`,
        sku: `SKU${String(item).padStart(3, '0')}`,
        timestamp: new Date(Date.UTC(2024, 0, 1) + rng.int(182) * DAY),
      });
    }
  }
  return events;
}
