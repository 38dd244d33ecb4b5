/**
 * Customer profiles (see `CustomerProfileBatch`) from the required methods: one pass over the items and one
 * over the events before `asOf`. The SQL adapters compute the same per-customer tallies in the database
 * (sql/sql-profiles.ts); both turn tallies into profile columns with `toProfileBatch`, so the two paths
 * agree to the last bit wherever their sums do.
 */
import { roundToCents } from './money.js';
import type { CustomerProfileBatch, ProfileScanOptions } from './profile-types.js';
import type { Storage } from './types.js';
import { batchSizeOf, StorageInputError } from './validate.js';

const MS_PER_DAY = 86_400_000;
const DEFAULT_TOP_CATEGORIES = 5;

/** What the store counts and sums per customer; `toProfileBatch` derives the profile from it. */
export interface ProfileTally {
  customerId: string;
  customerIndex: number;
  orders: number;
  purchases: number;
  revenue: number;
  returns: number;
  returnValue: number;
  views: number;
  addToCarts: number;
  sessions: number;
  firstMs: number;
  lastMs: number;
  /** NaN without a purchase. */
  lastPurchaseMs: number;
  priceSum: number;
  priceCount: number;
  /** View and purchase events with an item. */
  shoppingEvents: number;
  /** Per category of the scan, the customer's view and purchase events on items of that category. */
  categoryCounts: number[];
}

/** Checks the options; returns the batch size, asOf in ms and the explicit categories (or the count to pick). */
export function profileOptions(options: ProfileScanOptions): {
  size: number;
  asOf: number;
  categories: readonly string[] | null;
  top: number;
} {
  const where = 'profile scan options';
  const asOf = options?.asOf instanceof Date ? options.asOf.getTime() : Number.NaN;
  if (Number.isNaN(asOf)) throw new StorageInputError(where, 'asOf', 'must be a valid Date');
  const top = options.topCategories ?? DEFAULT_TOP_CATEGORIES;
  if (!Number.isInteger(top) || top < 0)
    throw new StorageInputError(where, 'topCategories', `must be an integer >= 0, got ${top}`);
  const categories = options.categories ?? null;
  if (categories) {
    const seen = new Set<string>();
    categories.forEach((c, i) => {
      if (typeof c !== 'string' || c === '')
        throw new StorageInputError(where, `categories[${i}]`, 'must be a non-empty string');
      if (seen.has(c)) throw new StorageInputError(where, `categories[${i}]`, `repeats "${c}"`);
      seen.add(c);
    });
  }
  return { size: batchSizeOf(options), asOf, categories, top };
}

/** The `top` categories by count, most frequent first, ties by name (code-unit order, as SQL's COLLATE "C"). */
export function pickTopCategories(counts: Map<string, number>, top: number): string[] {
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, top)
    .map(([c]) => c);
}

/** Profile columns from tallies (in customer-index order), days measured back from `asOf` (ms). */
export function toProfileBatch(
  tallies: readonly ProfileTally[],
  asOf: number,
  categories: readonly string[],
): CustomerProfileBatch {
  const n = tallies.length;
  const k = categories.length;
  const b: CustomerProfileBatch = {
    length: n,
    categories,
    customerId: tallies.map((t) => t.customerId),
    customerIndex: Int32Array.from(tallies, (t) => t.customerIndex),
    recencyDays: new Float64Array(n),
    frequency: Int32Array.from(tallies, (t) => t.orders),
    monetary: Float64Array.from(tallies, (t) => roundToCents(t.revenue)),
    averageOrderValue: new Float64Array(n),
    tenureDays: new Float64Array(n),
    daysSinceLastEvent: new Float64Array(n),
    sessions: Int32Array.from(tallies, (t) => t.sessions),
    views: Int32Array.from(tallies, (t) => t.views),
    addToCarts: Int32Array.from(tallies, (t) => t.addToCarts),
    purchases: Int32Array.from(tallies, (t) => t.purchases),
    viewToCartRate: new Float64Array(n),
    cartToPurchaseRate: new Float64Array(n),
    returns: Int32Array.from(tallies, (t) => t.returns),
    returnValue: Float64Array.from(tallies, (t) => roundToCents(t.returnValue)),
    meanPrice: new Float64Array(n),
    categoryShare: new Float64Array(n * k),
  };
  const ratio = (a: number, d: number) => (d > 0 ? a / d : 0);
  for (let i = 0; i < n; i++) {
    const t = tallies[i]!;
    b.recencyDays[i] = (asOf - t.lastPurchaseMs) / MS_PER_DAY; // NaN stays NaN
    b.averageOrderValue[i] = ratio(b.monetary[i]!, t.orders);
    b.tenureDays[i] = (asOf - t.firstMs) / MS_PER_DAY;
    b.daysSinceLastEvent[i] = (asOf - t.lastMs) / MS_PER_DAY;
    b.viewToCartRate[i] = ratio(t.addToCarts, t.views);
    b.cartToPurchaseRate[i] = ratio(t.purchases, t.addToCarts);
    b.meanPrice[i] = t.priceCount > 0 ? t.priceSum / t.priceCount : Number.NaN;
    for (let c = 0; c < k; c++) b.categoryShare[i * k + c] = ratio(t.categoryCounts[c]!, t.shoppingEvents);
  }
  return b;
}

interface Accumulator extends Omit<ProfileTally, 'categoryCounts' | 'orders' | 'sessions'> {
  orderIds: Set<string>;
  sessionIds: Set<string>;
  byCategory: Map<string, number>;
}

/** Profiles computed from `scanItems` and `scanEvents` (the fallback of `scanCustomerProfiles`). */
export async function* profilesFromEvents(
  storage: Storage,
  options: ProfileScanOptions,
): AsyncIterable<CustomerProfileBatch> {
  const { size, asOf, categories: given, top } = profileOptions(options);
  const items = new Map<number, { category: string | null; price: number | null }>();
  for await (const batch of storage.scanItems()) {
    for (const it of batch) items.set(it.index, { category: it.categoryPath[0] ?? null, price: it.price });
  }
  const shopCategories = new Map<string, number>();
  const byCustomer = new Map<number, Accumulator>();
  for await (const events of storage.scanEvents({ until: new Date(asOf) })) {
    for (const e of events) {
      const item = e.itemIndex === null ? undefined : items.get(e.itemIndex);
      const shopping = (e.type === 'view' || e.type === 'purchase') && e.itemIndex !== null;
      if (shopping && item?.category != null)
        shopCategories.set(item.category, (shopCategories.get(item.category) ?? 0) + 1);
      if (e.customerIndex === null || e.customerId === null) continue;
      if (options.customerId !== undefined && e.customerId !== options.customerId) continue;
      let a = byCustomer.get(e.customerIndex);
      if (!a) {
        a = {
          customerId: e.customerId,
          customerIndex: e.customerIndex,
          purchases: 0,
          revenue: 0,
          returns: 0,
          returnValue: 0,
          views: 0,
          addToCarts: 0,
          firstMs: Number.POSITIVE_INFINITY,
          lastMs: Number.NEGATIVE_INFINITY,
          lastPurchaseMs: Number.NaN,
          priceSum: 0,
          priceCount: 0,
          shoppingEvents: 0,
          orderIds: new Set(),
          sessionIds: new Set(),
          byCategory: new Map(),
        };
        byCustomer.set(e.customerIndex, a);
      }
      const time = e.timestamp.getTime();
      a.firstMs = Math.min(a.firstMs, time);
      a.lastMs = Math.max(a.lastMs, time);
      if (e.sessionId !== null) a.sessionIds.add(e.sessionId);
      const value = (e.quantity ?? 1) * (e.unitPrice ?? 0);
      if (e.type === 'purchase') {
        a.purchases++;
        a.revenue += value;
        a.orderIds.add(e.orderId ?? e.eventId);
        a.lastPurchaseMs = Number.isNaN(a.lastPurchaseMs) ? time : Math.max(a.lastPurchaseMs, time);
      } else if (e.type === 'return') {
        a.returns++;
        a.returnValue += value;
      } else if (e.type === 'view') a.views++;
      else if (e.type === 'add_to_cart') a.addToCarts++;
      if (e.type === 'view' || e.type === 'purchase') {
        const price = e.unitPrice ?? item?.price ?? null;
        if (price !== null) {
          a.priceSum += price;
          a.priceCount++;
        }
      }
      if (shopping) {
        a.shoppingEvents++;
        if (item?.category != null)
          a.byCategory.set(item.category, (a.byCategory.get(item.category) ?? 0) + 1);
      }
    }
  }
  const categories = given ?? pickTopCategories(shopCategories, top);
  const tallies: ProfileTally[] = [...byCustomer.values()]
    .sort((x, y) => x.customerIndex - y.customerIndex)
    .map(({ orderIds, sessionIds, byCategory, ...a }) => ({
      ...a,
      orders: orderIds.size,
      sessions: sessionIds.size,
      categoryCounts: categories.map((c) => byCategory.get(c) ?? 0),
    }));
  for (let i = 0; i < tallies.length; i += size) {
    yield toProfileBatch(tallies.slice(i, i + size), asOf, categories);
  }
}
