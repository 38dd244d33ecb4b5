import { type EventType, type Storage, scanOrderAggregates, topItemsByNetUnits } from '@storewise/storage';

export interface TopItem {
  sku: string;
  title: string | null;
  /** Units purchased minus units returned. */
  units: number;
}

export interface TopCountry {
  country: string;
  customers: number;
  /** Purchase revenue (quantity x unit price) of the country's customers, with or without an item. */
  revenue: number;
}

/** What a shop's database holds, for the CLI's `info` and `demo` commands. */
export interface ShopReport {
  storage: string;
  customers: number;
  items: number;
  events: number;
  eventsByType: Partial<Record<EventType, number>>;
  rejects: number;
  /** Customers on the erasure list (deleted; their later rows are left out until restored). */
  erasedCustomers: number;
  /** Purchase events without a unit price (counted as revenue 0). */
  unpricedPurchases: number;
  firstEventAt: Date | null;
  lastEventAt: Date | null;
  topItems: TopItem[];
  topCountries: TopCountry[];
}

/**
 * Summarises the database: counts, date range, top items by net units sold and top countries by
 * customers. The sums are the store's (topItemsByNetUnits, scanOrderAggregates: aggregated in SQL on
 * PGlite and PostgreSQL); memory grows with the number of customers, not with events.
 */
export async function buildShopReport(storage: Storage, top = 10): Promise<ShopReport> {
  const counts = await storage.counts();
  const topItems: TopItem[] = await topItemsByNetUnits(storage, top);
  const spend = new Map<string, number>();
  for await (const batch of scanOrderAggregates(storage, { batchSize: 10_000 }))
    for (const a of batch) spend.set(a.customerId, a.revenue);
  const countries = new Map<string, TopCountry>();
  for await (const batch of storage.scanCustomers({ batchSize: 10_000 })) {
    for (const c of batch) {
      const name = c.country ?? 'unknown';
      const entry = countries.get(name) ?? { country: name, customers: 0, revenue: 0 };
      entry.customers++;
      entry.revenue += spend.get(c.externalId) ?? 0;
      countries.set(name, entry);
    }
  }
  const topCountries = [...countries.values()]
    .sort((a, b) => b.customers - a.customers || b.revenue - a.revenue)
    .slice(0, top)
    .map((c) => ({ ...c, revenue: Math.round(c.revenue * 100) / 100 }));
  return {
    storage: storage.kind,
    customers: counts.customers,
    items: counts.items,
    events: counts.events,
    eventsByType: counts.eventsByType,
    rejects: counts.rejects,
    erasedCustomers: counts.erasedCustomers,
    unpricedPurchases: counts.unpricedPurchases,
    firstEventAt: counts.firstEventAt,
    lastEventAt: counts.lastEventAt,
    topItems,
    topCountries,
  };
}
