/**
 * A small shop for the campaign tests: 12 customers in two countries, one opted out, a VIP segment. Every
 * customer visited the shop 120 days before T0: the campaigns are replays at T0 (their records are stored
 * now), and a replay decides only for the customers who existed then (an event at or before it).
 */
import type { EventInput, Storage } from '@storewise/storage';

export const T0 = new Date('2024-03-01T00:00:00Z');
export const hours = (h: number): Date => new Date(T0.getTime() + h * 3_600_000);
export const days = (d: number): Date => hours(24 * d);

export const IDS = Array.from({ length: 12 }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);
/** c01, c03, ... are in Germany; c02, c04, ... in France. c03 opted out of marketing. */
export const countryOf = (id: string): string => (Number(id.slice(1)) % 2 === 1 ? 'DE' : 'FR');
export const OPTED_OUT = 'c03';

export function purchase(id: string, customerId: string, at: Date, value: number): EventInput {
  return {
    eventId: id,
    type: 'purchase',
    customerId,
    sku: 'mug',
    timestamp: at,
    quantity: 1,
    unitPrice: value,
  };
}

/** A page view: enough to make the customer exist from `at` on. */
export function visit(customerId: string, at: Date): EventInput {
  return { eventId: `visit-${customerId}`, type: 'view', customerId, sku: 'mug', timestamp: at };
}

export async function seedShop(s: Storage): Promise<void> {
  await s.upsertCustomers(
    IDS.map((id) => ({
      externalId: id,
      country: countryOf(id),
      attributes: { tier: Number(id.slice(1)) <= 6 ? 'gold' : 'silver' },
      consent: id === OPTED_OUT ? { marketing: false } : { marketing: true },
    })),
  );
  await s.upsertItems([{ sku: 'mug', price: 10 }]);
  // History before the campaigns: c01 .. c04 bought in the last 30 days before T0, c05 long ago.
  await s.appendEvents(IDS.map((id) => visit(id, days(-120))));
  await s.appendEvents([
    purchase('h1', 'c01', days(-5), 10),
    purchase('h2', 'c02', days(-10), 10),
    purchase('h3', 'c03', days(-20), 10),
    purchase('h4', 'c04', days(-29), 10),
    purchase('h5', 'c05', days(-90), 10),
  ]);
  await s.upsertSegment({ id: 'vip', name: 'VIP', kind: 'rule' });
  await s.refreshSegment('vip', ['c01', 'c02', 'c03', 'c04', 'c05', 'c06'], days(-1));
}

export const baseDefinition = {
  id: 'spring',
  name: 'Spring sale',
  audience: { segment: 'vip' },
  arms: [
    { id: 'ten-off', name: '10% off', coupon: true, costPerOffer: 0, costPerConversion: 2 },
    { id: 'recs-email', name: 'Recommendations email', costPerOffer: 0.5 },
  ],
  policy: { type: 'fixed-split' },
  holdout: { fraction: 0.3 },
  attributionWindowDays: 7,
};

/** A test body run on a new store of `open` with the shop seeded, closed afterwards. */
export const withShopOn =
  (open: () => Promise<Storage>) => (body: (s: Storage) => Promise<void>) => async (): Promise<void> => {
    const s = await open();
    try {
      await seedShop(s);
      await body(s);
    } finally {
      await s.close();
    }
  };
