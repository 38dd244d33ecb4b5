/**
 * Customers whose returns cancel most of what they bought. RFM's monetary score and the lifetime value are
 * computed from purchases only (returns are not subtracted), so such a customer can rank among the best on
 * money that came back: the CLI names them next to the rankings.
 */
import { type Storage, scanOrderAggregates } from '@storewise/storage';

/** A customer's purchases and returns (quantity x unit price, rounded to cents), as `storewise profile` shows them. */
export interface HeavyReturner {
  customerId: string;
  /** Value of the purchases (profile's monetary). */
  purchases: number;
  /** Value of the returns (profile's returnValue). */
  returns: number;
}

/** Above this share of the purchases' value, returns cancel most of a customer's spend. */
export const HEAVY_RETURN_SHARE = 0.5;

/** Up to this many customers are looked up one by one; more, and every customer's aggregates are scanned once. */
const NAMED_LOOKUP = 100;

/**
 * Of `customerIds`, those whose returns are worth more than half of their purchases (events before `asOf`
 * when given), in the order of `customerIds`.
 */
export async function heavyReturners(
  storage: Storage,
  customerIds: readonly string[],
  asOf?: Date,
): Promise<HeavyReturner[]> {
  if (customerIds.length === 0) return [];
  const wanted = new Set(customerIds);
  const found = new Map<string, HeavyReturner>();
  const scan = scanOrderAggregates(storage, {
    ...(asOf !== undefined ? { until: asOf } : {}),
    ...(customerIds.length <= NAMED_LOOKUP ? { customerIds } : {}),
  });
  for await (const batch of scan)
    for (const a of batch)
      if (wanted.has(a.customerId) && a.returnValue > HEAVY_RETURN_SHARE * a.revenue)
        found.set(a.customerId, { customerId: a.customerId, purchases: a.revenue, returns: a.returnValue });
  return customerIds.flatMap((id) => {
    const r = found.get(id);
    return r === undefined ? [] : [r];
  });
}
