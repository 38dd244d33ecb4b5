import type { CustomerScoreInput, Storage } from '@storewise/storage';
import type { CustomerAnalytics } from './customer-analytics.js';

/**
 * The raw values the RFM scores rank, stored as scores so that rules can name money and days
 * (`score.recency_days gt 180`): days since the last purchase day, orders, and spend (purchases, rounded to
 * cents; returns not subtracted), each as of the analytics' date.
 */
const RAW_SCORES = ['recency_days', 'orders', 'spend'] as const;

/** Score model names written by `storeCustomerScores`. */
export function scoreModelNames(horizonDays: number): string[] {
  return [
    'rfm_recency',
    'rfm_frequency',
    'rfm_monetary',
    ...RAW_SCORES,
    'p_alive',
    `expected_purchases_${horizonDays}d`,
    'clv',
  ];
}

/**
 * The score columns `storeCustomerScores` writes for these analytics: the RFM scores and the raw values they
 * rank, and the lifetime ones when fitted.
 */
function scoreColumns(analytics: CustomerAnalytics): [string, ArrayLike<number>][] {
  const { rfm, lifetime, summary } = analytics;
  const columns: [string, ArrayLike<number> | null][] = [
    ['rfm_recency', rfm.recency],
    ['rfm_frequency', rfm.frequency],
    ['rfm_monetary', rfm.monetary],
    ['recency_days', summary.recency],
    ['orders', analytics.orders],
    ['spend', summary.total],
    ['p_alive', lifetime.probabilityAlive],
    [`expected_purchases_${lifetime.horizonDays}d`, lifetime.expectedPurchases],
    ['clv', lifetime.clv],
  ];
  return columns.filter((c): c is [string, ArrayLike<number>] => c[1] !== null);
}

/** The score names `storeCustomerScores` writes for these analytics (one score per customer each). */
export function storedScoreModels(analytics: CustomerAnalytics): string[] {
  return scoreColumns(analytics).map(([model]) => model);
}

/**
 * Writes per-customer results as scores: 'rfm_recency', 'rfm_frequency', 'rfm_monetary' (1..5), the raw
 * 'recency_days', 'orders' and 'spend' they rank, and when the lifetime models were fitted 'p_alive', 'expected_purchases_<h>d' and 'clv'. Returns the scores written.
 */
export async function storeCustomerScores(
  storage: Storage,
  analytics: CustomerAnalytics,
  options: { batchSize?: number } = {},
): Promise<number> {
  const size = options.batchSize ?? 5000;
  const computedAt = analytics.asOf;
  let written = 0;
  let batch: CustomerScoreInput[] = [];
  for (const [model, values] of scoreColumns(analytics)) {
    for (let i = 0; i < analytics.customerIds.length; i++) {
      batch.push({ customerId: analytics.customerIds[i]!, model, score: values[i]!, computedAt });
      if (batch.length >= size) {
        written += await storage.upsertScores(batch);
        batch = [];
      }
    }
  }
  if (batch.length > 0) written += await storage.upsertScores(batch);
  return written;
}
