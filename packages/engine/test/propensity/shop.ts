import { createRng } from '@storewise/core';
import type { CustomerInput, EventInput, ItemInput } from '@storewise/storage';

export const DAY = 86_400_000;
export const T0 = Date.UTC(2024, 0, 1);
/** The shop's present: 180 days after T0. With a 30-day horizon the cutoff is day 150. */
export const AS_OF = new Date(T0 + 180 * DAY);
export const CUTOFF = new Date(T0 + 150 * DAY);

export interface SyntheticShop {
  items: ItemInput[];
  customers: CustomerInput[];
  events: EventInput[];
  /** Customer ids by behaviour group. */
  groups: Record<'active' | 'occasional' | 'lapsed' | 'newcomer', string[]>;
}

/**
 * A seeded shop of 240 customers in three groups (active: a purchase on about 1 day in 8; occasional: 1 in
 * 40; lapsed: active until day 60, then silent), plus 10 newcomers whose first event is after the cutoff.
 * Purchases come with a view and an add-to-cart in the same session. c001 and c002 declined analytics.
 */
export function syntheticShop(seed = 7): SyntheticShop {
  const rng = createRng(seed);
  const items: ItemInput[] = [
    { sku: 'mug', categoryPath: ['Kitchen'], price: 8 },
    { sku: 'tea', categoryPath: ['Food'], price: 4 },
    { sku: 'lamp', categoryPath: ['Home'], price: 30 },
  ];
  const groups: SyntheticShop['groups'] = { active: [], occasional: [], lapsed: [], newcomer: [] };
  const events: EventInput[] = [];
  const add = (customer: string, day: number, n: number) => {
    const sku = items[rng.int(items.length)]!.sku;
    const at = (h: number) => new Date(T0 + day * DAY + h * 3_600_000);
    const sessionId = `${customer}-s${n}`;
    events.push(
      { eventId: `${sessionId}-v`, type: 'view', customerId: customer, sku, timestamp: at(9), sessionId },
      {
        eventId: `${sessionId}-c`,
        type: 'add_to_cart',
        customerId: customer,
        sku,
        timestamp: at(10),
        sessionId,
      },
      {
        eventId: `${sessionId}-p`,
        type: 'purchase',
        customerId: customer,
        sku,
        timestamp: at(11),
        sessionId,
        orderId: `${sessionId}-o`,
        quantity: 1 + rng.int(3),
        unitPrice: items.find((i) => i.sku === sku)!.price!,
      },
    );
  };
  for (let c = 0; c < 250; c++) {
    const id = `c${String(c).padStart(3, '0')}`;
    const group = c >= 240 ? 'newcomer' : (['active', 'occasional', 'lapsed'] as const)[c % 3]!;
    groups[group].push(id);
    const [from, to, rate] =
      group === 'active'
        ? [0, 180, 1 / 8]
        : group === 'occasional'
          ? [0, 180, 1 / 40]
          : group === 'lapsed'
            ? [0, 60, 1 / 8]
            : [155, 180, 1 / 5];
    let n = 0;
    const first = from + rng.int(20);
    add(id, first, n++); // everyone buys once at the start of their life
    for (let day = first + 1; day < to; day++) if (rng.next() < rate) add(id, day, n++);
  }
  const customers: CustomerInput[] = [
    { externalId: 'c001', consent: { analytics: false } },
    { externalId: 'c002', consent: { analytics: false, marketing: true } },
    { externalId: 'c003', consent: { analytics: true } },
  ];
  return { items, customers, events, groups };
}

/**
 * Plain-TS oracle: the population at the cutoff (any event before it) and who of them bought in the window
 * [asOf - horizonDays, asOf).
 */
export function expectedLabels(
  shop: SyntheticShop,
  declined: ReadonlySet<string>,
  asOf = AS_OF,
  horizonDays = 30,
) {
  const CUTOFF = new Date(asOf.getTime() - horizonDays * DAY);
  const AS_OF = asOf;
  const before = new Set<string>();
  const buyers = new Set<string>();
  const seenBeforeAsOf = new Set<string>();
  for (const e of shop.events) {
    const t = e.timestamp.getTime();
    if (e.customerId === null || declined.has(e.customerId)) continue;
    if (t < CUTOFF.getTime()) before.add(e.customerId);
    if (t < AS_OF.getTime()) seenBeforeAsOf.add(e.customerId);
    if (e.type === 'purchase' && t >= CUTOFF.getTime() && t < AS_OF.getTime()) buyers.add(e.customerId);
  }
  const positives = [...before].filter((c) => buyers.has(c)).length;
  return { population: before.size, positives, scored: seenBeforeAsOf.size };
}
