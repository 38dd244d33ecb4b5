import { type Storage, scanOrders } from '@storewise/storage';

export const MS_PER_DAY = 86_400_000;

/**
 * Stored orders in columns, with customers renumbered densely 0..n-1 in the order of their storage index
 * (only customers with at least one order before `asOf`). Times are in days since the epoch.
 */
export interface CustomerOrders {
  /** External id per dense customer. */
  customerIds: string[];
  /** Dense customer per order, ordered by customer then time. */
  customer: Int32Array;
  /** Order time in days since the epoch (fractional). */
  time: Float64Array;
  value: Float64Array;
  /** End of the observation, in days since the epoch: `asOf`, or the last order's time when not given. */
  observationEnd: number;
  asOf: Date;
}

export interface LoadOrdersOptions {
  /** Only orders strictly before this instant count. Default: every order. */
  asOf?: Date;
  /** Customers per storage batch. Default 5000. */
  batchSize?: number;
}

/** Reads every customer's orders from storage (`scanOrders`) into the columns of `CustomerOrders`. */
export async function loadCustomerOrders(
  storage: Storage,
  options: LoadOrdersOptions = {},
): Promise<CustomerOrders> {
  const { asOf } = options;
  if (asOf !== undefined && Number.isNaN(asOf.getTime())) throw new Error('asOf: invalid date');
  const parts: { customerIndex: Int32Array; time: Float64Array; value: Float64Array; length: number }[] = [];
  let total = 0;
  const scan = scanOrders(storage, {
    batchSize: options.batchSize ?? 5000,
    ...(asOf !== undefined ? { until: asOf } : {}),
  });
  for await (const batch of scan) {
    parts.push(batch);
    total += batch.length;
  }
  const customer = new Int32Array(total);
  const time = new Float64Array(total);
  const value = new Float64Array(total);
  const indices: number[] = [];
  let last = -1;
  let maxTime = Number.NEGATIVE_INFINITY;
  let row = 0;
  for (const b of parts) {
    for (let i = 0; i < b.length; i++, row++) {
      const c = b.customerIndex[i]!;
      if (c !== last) {
        indices.push(c);
        last = c;
      }
      customer[row] = indices.length - 1;
      const t = b.time[i]! / MS_PER_DAY;
      time[row] = t;
      if (t > maxTime) maxTime = t;
      value[row] = b.value[i]!;
    }
  }
  const customerIds = await externalIdsOf(storage, indices);
  const observationEnd = asOf !== undefined ? asOf.getTime() / MS_PER_DAY : total > 0 ? maxTime : 0;
  return {
    customerIds,
    customer,
    time,
    value,
    observationEnd,
    asOf: asOf ?? new Date(observationEnd * MS_PER_DAY),
  };
}

/** External ids of the given storage indices (which scanOrders returns in increasing order). */
async function externalIdsOf(storage: Storage, indices: readonly number[]): Promise<string[]> {
  const wanted = new Map<number, number>();
  for (let k = 0; k < indices.length; k++) wanted.set(indices[k]!, k);
  const out = new Array<string>(indices.length);
  let found = 0;
  for await (const batch of storage.scanCustomers({ batchSize: 10_000 })) {
    for (const c of batch) {
      const k = wanted.get(c.index);
      if (k !== undefined) {
        out[k] = c.externalId;
        found++;
      }
    }
  }
  if (found !== indices.length)
    throw new Error(
      `orders name ${indices.length - found} customer indices that scanCustomers does not list`,
    );
  return out;
}
