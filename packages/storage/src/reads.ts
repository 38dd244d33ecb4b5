/**
 * Bulk reads that later stages need, served by an adapter's fast path when it has one and otherwise
 * computed from the event scan, with the same results.
 */
import { checkItemDemandOptions, itemDemandFromEvents } from './item-demand.js';
import { roundToCents } from './money.js';
import type { CustomerProfileBatch, ProfileScanOptions } from './profile-types.js';
import { profilesFromEvents } from './profiles.js';
import type {
  CustomerOrderAggregate,
  InteractionBatch,
  InteractionScanOptions,
  ItemDemandBatch,
  ItemDemandOptions,
  ItemNetUnits,
  OrderAggregateOptions,
  OrderBatch,
  OrderScanOptions,
  Storage,
} from './types.js';
import { batchSizeOf, StorageInputError } from './validate.js';
import { eventWeight, weightedTypes } from './weights.js';

/** All interactions (customer, item, weight, time) as typed-array batches. */
export async function* scanInteractions(
  storage: Storage,
  options: InteractionScanOptions,
): AsyncIterable<InteractionBatch> {
  if (storage.bulk.scanInteractions) {
    yield* storage.bulk.scanInteractions(options);
    return;
  }
  const size = batchSizeOf(options);
  const types = weightedTypes(options.weights).map(([t]) => t);
  if (types.length === 0) return;
  const scan = storage.scanEvents({
    types,
    batchSize: size,
    ...(options.since ? { since: options.since } : {}),
    ...(options.until ? { until: options.until } : {}),
  });
  for await (const events of scan) {
    const kept = events.filter((e) => e.customerIndex !== null && e.itemIndex !== null);
    if (kept.length === 0) continue;
    const n = kept.length;
    const batch: InteractionBatch = {
      length: n,
      customerIndex: new Int32Array(n),
      itemIndex: new Int32Array(n),
      weight: new Float64Array(n),
      time: new Float64Array(n),
    };
    kept.forEach((e, k) => {
      batch.customerIndex[k] = e.customerIndex!;
      batch.itemIndex[k] = e.itemIndex!;
      batch.weight[k] = eventWeight(options.weights, e.type, e.rating);
      batch.time[k] = e.timestamp.getTime();
    });
    yield batch;
  }
}

/**
 * The `limit` items with the most units sold net of returns, most first; ties by SKU in code point order.
 * Items with purchases or returns only; events without an item do not count.
 */
export async function topItemsByNetUnits(storage: Storage, limit: number): Promise<ItemNetUnits[]> {
  if (!Number.isInteger(limit) || limit < 0)
    throw new StorageInputError('top items', 'limit', `must be a non-negative integer, got ${limit}`);
  if (storage.bulk.topItemsByNetUnits) return storage.bulk.topItemsByNetUnits(limit);
  const units = new Map<string, number>();
  for await (const events of storage.scanEvents({ types: ['purchase', 'return'] })) {
    for (const e of events) {
      if (e.sku === null) continue;
      const q = e.quantity ?? 1;
      units.set(e.sku, (units.get(e.sku) ?? 0) + (e.type === 'return' ? -q : q));
    }
  }
  const ranked = [...units].sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0])).slice(0, limit);
  const items = await storage.getItems(ranked.map(([sku]) => sku));
  return ranked.map(([sku, n], k) => ({ sku, title: items[k]?.title ?? null, units: n }));
}

/**
 * Units purchased and returned per item and period (see `ItemDemandBatch`), in batches of whole items
 * ordered by item index, then period start. The options are checked before any fast path runs.
 */
export async function* scanItemDemand(
  storage: Storage,
  options: ItemDemandOptions,
): AsyncIterable<ItemDemandBatch> {
  checkItemDemandOptions(options);
  yield* storage.bulk.scanItemDemand
    ? storage.bulk.scanItemDemand(options)
    : itemDemandFromEvents(storage, options);
}

/** Code point order (the SQL adapters' `COLLATE "C"` on UTF-8), not UTF-16 code unit order. */
function compareCodePoints(a: string, b: string): number {
  // Equal code points take equal widths, so one index walks both strings.
  for (let i = 0; i < a.length && i < b.length; ) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

/** Per-customer purchase aggregates, in batches ordered by customer index. */
export async function* scanOrderAggregates(
  storage: Storage,
  options: OrderAggregateOptions = {},
): AsyncIterable<CustomerOrderAggregate[]> {
  if (storage.bulk.scanOrderAggregates) {
    yield* storage.bulk.scanOrderAggregates(options);
    return;
  }
  const size = batchSizeOf(options);
  type Accumulator = Omit<CustomerOrderAggregate, 'firstPurchaseAt' | 'lastPurchaseAt'> & {
    orderIds: Set<string>;
    first: number;
    last: number;
  };
  const byCustomer = new Map<number, Accumulator>();
  const scanOf = (customerId?: string) =>
    storage.scanEvents({
      types: ['purchase', 'return'],
      ...(customerId !== undefined ? { customerId } : {}),
      ...(options.until ? { until: options.until } : {}),
    });
  // Named customers: a scan of each one's events instead of a scan of every event.
  const scans = options.customerIds ? [...new Set(options.customerIds)].map(scanOf) : [scanOf()];
  for (const scan of scans)
    for await (const events of scan) {
      for (const e of events) {
        if (e.customerIndex === null || e.customerId === null) continue;
        let a = byCustomer.get(e.customerIndex);
        if (!a) {
          a = {
            customerId: e.customerId,
            customerIndex: e.customerIndex,
            orders: 0,
            purchaseLines: 0,
            units: 0,
            revenue: 0,
            returnLines: 0,
            returnValue: 0,
            orderIds: new Set(),
            first: Number.POSITIVE_INFINITY,
            last: Number.NEGATIVE_INFINITY,
          };
          byCustomer.set(e.customerIndex, a);
        }
        const units = e.quantity ?? 1;
        const value = units * (e.unitPrice ?? 0);
        if (e.type === 'purchase') {
          a.purchaseLines++;
          a.units += units;
          a.revenue += value;
          a.orderIds.add(e.orderId ?? e.eventId);
          a.first = Math.min(a.first, e.timestamp.getTime());
          a.last = Math.max(a.last, e.timestamp.getTime());
        } else {
          a.returnLines++;
          a.returnValue += value;
        }
      }
    }
  const rows = [...byCustomer.values()]
    .filter((a) => a.purchaseLines > 0)
    .sort((x, y) => x.customerIndex - y.customerIndex)
    .map(({ orderIds, first, last, ...a }) => ({
      ...a,
      revenue: roundToCents(a.revenue),
      returnValue: roundToCents(a.returnValue),
      orders: orderIds.size,
      firstPurchaseAt: new Date(first),
      lastPurchaseAt: new Date(last),
    }));
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** Every customer's orders (one row per order, see `OrderBatch`), all orders of a customer in one batch. */
export async function* scanOrders(
  storage: Storage,
  options: OrderScanOptions = {},
): AsyncIterable<OrderBatch> {
  if (storage.bulk.scanOrders) {
    yield* storage.bulk.scanOrders(options);
    return;
  }
  const size = batchSizeOf(options);
  const orders = new Map<string, { customer: number; time: number; value: number }>();
  const scan = storage.scanEvents({
    types: ['purchase'],
    ...(options.until ? { until: options.until } : {}),
  });
  for await (const events of scan) {
    for (const e of events) {
      if (e.customerIndex === null) continue;
      const key = JSON.stringify([e.customerIndex, e.orderId ?? e.eventId]);
      const value = (e.quantity ?? 1) * (e.unitPrice ?? 0);
      const o = orders.get(key);
      if (o) {
        o.value += value;
        o.time = Math.min(o.time, e.timestamp.getTime());
      } else {
        orders.set(key, { customer: e.customerIndex, time: e.timestamp.getTime(), value });
      }
    }
  }
  const rows = [...orders.values()].sort((a, b) => a.customer - b.customer || a.time - b.time);
  const toBatch = (part: typeof rows): OrderBatch => ({
    length: part.length,
    customerIndex: Int32Array.from(part, (r) => r.customer),
    time: Float64Array.from(part, (r) => r.time),
    value: Float64Array.from(part, (r) => roundToCents(r.value)),
  });
  // Cut before the first order of the (size + 1)-th customer, so that a customer's orders stay together.
  let start = 0;
  let customers = 0;
  for (let k = 0; k < rows.length; k++) {
    if (k > 0 && rows[k]!.customer === rows[k - 1]!.customer) continue;
    if (customers === size) {
      yield toBatch(rows.slice(start, k));
      start = k;
      customers = 0;
    }
    customers++;
  }
  if (rows.length > start) yield toBatch(rows.slice(start));
}

/** Per-customer behaviour profiles as of `options.asOf` (see `CustomerProfileBatch`), whole customers per batch. */
export async function* scanCustomerProfiles(
  storage: Storage,
  options: ProfileScanOptions,
): AsyncIterable<CustomerProfileBatch> {
  yield* storage.bulk.scanCustomerProfiles
    ? storage.bulk.scanCustomerProfiles(options)
    : profilesFromEvents(storage, options);
}
