import { declines, type Storage, scanOrders } from '@storewise/storage';

export const MS_PER_DAY = 86_400_000;

/**
 * Stored orders in columns, with customers renumbered densely 0..n-1 in the order of their storage index
 * (only customers with at least one order before `asOf`, and none who declined analytics:
 * `consent.analytics` false). Times are in days since the epoch.
 */
export interface CustomerOrders {
  /** External id per dense customer. */
  customerIds: string[];
  /** Dense customer per order, ordered by customer then time. */
  customer: Int32Array;
  /** Order time in days since the epoch (fractional). */
  time: Float64Array;
  value: Float64Array;
  /** End of the observation, in days since the epoch: `asOf`, or just after the last order (1 ms) when not given. */
  observationEnd: number;
  asOf: Date;
  /** Customers with orders left out because they declined analytics (consent.analytics false). */
  excludedByConsent?: number;
}

export interface LoadOrdersOptions {
  /** Only orders strictly before this instant count. Default: every order. */
  asOf?: Date;
  /** Customers per storage batch. Default 5000. */
  batchSize?: number;
}

/**
 * Reads every customer's orders from storage (`scanOrders`) into the columns of `CustomerOrders`. A
 * customer who declined analytics (`consent.analytics` false) is left out, as if they had no orders:
 * RFM, clusters, lifetime value and the segments built on them then neither score them nor learn from
 * them (counted in `excludedByConsent`).
 */
export async function loadCustomerOrders(
  storage: Storage,
  options: LoadOrdersOptions = {},
): Promise<CustomerOrders> {
  const { asOf } = options;
  if (asOf !== undefined && Number.isNaN(asOf.getTime())) throw new Error('asOf: invalid date');
  const parts: { customerIndex: Int32Array; time: Float64Array; value: Float64Array; length: number }[] = [];
  const scan = scanOrders(storage, {
    batchSize: options.batchSize ?? 5000,
    ...(asOf !== undefined ? { until: asOf } : {}),
  });
  let total = 0;
  for await (const batch of scan) {
    parts.push(batch);
    total += batch.length;
  }
  // Storage indices of the customers with orders, in order (scanOrders sorts by customer), and which
  // of them declined analytics.
  const indices: number[] = [];
  for (const b of parts) {
    for (let i = 0; i < b.length; i++) {
      const c = b.customerIndex[i]!;
      if (c !== indices[indices.length - 1]) indices.push(c);
    }
  }
  const { externalIds, declined } = await customersOf(storage, indices);
  // Dense number per storage index of a customer whose orders count; declining customers get none.
  const dense = new Map<number, number>();
  const customerIds: string[] = [];
  for (let k = 0; k < indices.length; k++) {
    if (declined[k]) continue;
    dense.set(indices[k]!, customerIds.length);
    customerIds.push(externalIds[k]!);
  }
  let customer = new Int32Array(total);
  let time = new Float64Array(total);
  let value = new Float64Array(total);
  let maxMs = Number.NEGATIVE_INFINITY;
  let row = 0;
  for (const b of parts) {
    for (let i = 0; i < b.length; i++) {
      const c = dense.get(b.customerIndex[i]!);
      if (c === undefined) continue;
      customer[row] = c;
      const t = b.time[i]! / MS_PER_DAY;
      time[row] = t;
      if (b.time[i]! > maxMs) maxMs = b.time[i]!;
      value[row] = b.value[i]!;
      row++;
    }
  }
  if (row < total) {
    customer = customer.slice(0, row);
    time = time.slice(0, row);
    value = value.slice(0, row);
  }
  // Without asOf: just after the last order (1 ms), so that giving that instant as asOf, which counts the
  // orders before it, reads the same orders (as trainPurchasePropensity's default does).
  const end = asOf ?? new Date(row > 0 ? maxMs + 1 : 0);
  const observationEnd = end.getTime() / MS_PER_DAY;
  return {
    customerIds,
    customer,
    time,
    value,
    observationEnd,
    asOf: end,
    excludedByConsent: indices.length - customerIds.length,
  };
}

/**
 * External ids of the given storage indices (which scanOrders returns in increasing order), and for
 * each whether the customer declined analytics (`consent.analytics` false).
 */
async function customersOf(
  storage: Storage,
  indices: readonly number[],
): Promise<{ externalIds: string[]; declined: boolean[] }> {
  const wanted = new Map<number, number>();
  for (let k = 0; k < indices.length; k++) wanted.set(indices[k]!, k);
  const externalIds = new Array<string>(indices.length);
  const declined = new Array<boolean>(indices.length).fill(false);
  let found = 0;
  for await (const batch of storage.scanCustomers({ batchSize: 10_000 })) {
    for (const c of batch) {
      const k = wanted.get(c.index);
      if (k !== undefined) {
        externalIds[k] = c.externalId;
        declined[k] = declines(c.consent, 'analytics');
        found++;
      }
    }
  }
  if (found !== indices.length)
    throw new Error(
      `orders name ${indices.length - found} customer indices that scanCustomers does not list`,
    );
  return { externalIds, declined };
}
