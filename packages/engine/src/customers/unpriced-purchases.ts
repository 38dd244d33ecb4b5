import type { Storage } from '@storewise/storage';

/**
 * What to say when purchases are stored without a unit price: revenue counts each as 0, so RFM's monetary,
 * lifetime value (Gamma-Gamma's spend) and campaign revenue understate those customers (a storefront that
 * tracks purchases without `unitPrice`, or an events file without `unit_price`). Null when every purchase
 * has one.
 */
export async function unpricedPurchasesWarning(storage: Storage): Promise<string | null> {
  const { unpricedPurchases: unpriced, eventsByType } = await storage.counts();
  if (unpriced === 0) return null;
  const purchases = eventsByType.purchase ?? unpriced;
  return `${unpriced} of ${purchases} purchase events have no unit price and count as revenue 0: monetary values (RFM, lifetime value, campaign revenue) understate the customers who made them; send unitPrice with purchases (unit_price in files)`;
}
