import {
  type CustomerSummary,
  DEFAULT_RFM_SEGMENTS,
  type RfmSegmentRule,
  type RfmSegmentSummary,
  rfmAnalysis,
  summarizeTransactions,
} from '@storewise/core';
import { roundToCents, type Storage } from '@storewise/storage';
import { type ClusterOptions, type CustomerClusters, clusterCustomers } from './customer-clusters.js';
import { type CustomerOrders, loadCustomerOrders } from './customer-orders.js';
import { type LifetimeOptions, type LifetimeResult, lifetimeValue } from './lifetime-value.js';

export interface CustomerAnalyticsOptions extends LifetimeOptions {
  /** Only orders strictly before this instant count; also the date recency is measured to. Default: the last order. */
  asOf?: Date;
  /** The RFM segment map (default `DEFAULT_RFM_SEGMENTS`). */
  segments?: readonly RfmSegmentRule[];
  clusters?: ClusterOptions;
}

/**
 * Everything known about each customer with orders, as columns indexed like `customerIds`.
 *
 * Time is counted in whole days (UTC calendar days, as lifetimes' `freq='D'`): orders on the same day are one
 * purchase occasion for BG/NBD and Gamma-Gamma (x = repeat purchase days, their values summed), and recency is
 * whole days from the last purchase day to the asOf day. RFM's frequency is the number of orders.
 */
export interface CustomerAnalytics {
  asOf: Date;
  customerIds: string[];
  /** The per-customer summary (days; see `summarizeTransactions`). */
  summary: CustomerSummary;
  /** Orders per customer (RFM frequency). */
  orders: Float64Array;
  rfm: {
    recency: Uint8Array;
    frequency: Uint8Array;
    monetary: Uint8Array;
    /** Segment index per customer into `segments`. */
    segment: Uint16Array;
    segments: string[];
    report: RfmSegmentSummary[];
  };
  /** Null when there are fewer than 3 customers. */
  clusters: CustomerClusters | null;
  lifetime: LifetimeResult;
  /** Customers with orders left out because they declined analytics (see `loadCustomerOrders`). */
  excludedByConsent: number;
}

/**
 * The day-level per-customer summary of `CustomerAnalytics.summary` (orders on one UTC day merged). Total
 * spend is rounded to cents, as the order values it sums (`roundToCents`): equal spends are equal numbers,
 * so they tie in RFM's monetary ranks whatever the order of the additions or the store.
 */
export function summarizeCustomerOrders(orders: CustomerOrders): CustomerSummary {
  const summary = summarizeTransactions(
    { customer: orders.customer, time: orders.time, value: orders.value },
    { observationEnd: orders.observationEnd, nCustomers: orders.customerIds.length, period: 1 },
  );
  for (let i = 0; i < summary.total.length; i++) summary.total[i] = roundToCents(summary.total[i]!);
  return summary;
}

/** Customer summary, RFM, clusters and lifetime value, from the orders of `CustomerOrders`. */
export function analyzeCustomerOrders(
  orders: CustomerOrders,
  options: CustomerAnalyticsOptions = {},
): CustomerAnalytics {
  const n = orders.customerIds.length;
  const summary = summarizeCustomerOrders(orders);
  const counts = new Float64Array(n);
  for (let i = 0; i < orders.customer.length; i++) counts[orders.customer[i]!]! += 1;
  const rfm = rfmAnalysis(
    { recencyDays: summary.recency, frequency: counts, monetary: summary.total },
    { segments: options.segments ?? DEFAULT_RFM_SEGMENTS },
  );
  const clusters = clusterCustomers(summary.recency, counts, summary.total, options.clusters);
  const lifetime = lifetimeValue({ x: summary.x, tx: summary.tx, T: summary.T, m: summary.m }, options);
  return {
    asOf: orders.asOf,
    customerIds: orders.customerIds,
    summary,
    orders: counts,
    rfm: {
      ...rfm.scores,
      segment: rfm.segment,
      segments: rfm.segments,
      report: rfm.report.map((r) => ({ ...r, revenue: roundToCents(r.revenue) })),
    },
    clusters,
    lifetime,
    excludedByConsent: orders.excludedByConsent ?? 0,
  };
}

/** Reads the stored orders (see `loadCustomerOrders`) and analyzes them (see `analyzeCustomerOrders`). */
export async function customerAnalytics(
  storage: Storage,
  options: CustomerAnalyticsOptions = {},
): Promise<CustomerAnalytics> {
  const orders = await loadCustomerOrders(storage, options.asOf !== undefined ? { asOf: options.asOf } : {});
  return analyzeCustomerOrders(orders, options);
}
