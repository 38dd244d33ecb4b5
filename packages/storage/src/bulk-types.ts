/**
 * The bulk reads of the Storage contract: interactions, orders and order aggregates in columnar batches, and
 * the optional fast paths (`BulkReads`) an adapter may offer; `reads.ts` and its siblings fall back to the
 * required methods when a fast path is absent. Re-exported from `types.ts`.
 */
import type { CampaignBulkReads } from './campaign-types.js';
import type { CustomerHoldings, InactiveCustomers } from './privacy-types.js';
import type { CustomerProfileBatch, ProfileScanOptions } from './profile-types.js';
import type { SegmentFilter } from './segment-filter.js';
import type { CustomerSnapshot, SegmentRevenue, SegmentRevenueOptions } from './segment-types.js';
import type { CustomerScore, EventType, ScanOptions } from './types.js';

export type EventWeights = Partial<Record<EventType, number>>;

export interface InteractionScanOptions extends ScanOptions {
  /** Weight per event type; event types not listed (or weighted 0) are left out. */
  weights: EventWeights;
  since?: Date;
  until?: Date;
}

/**
 * A batch of interactions in columnar typed arrays, in no particular order. Only events with both
 * a customer and an item are interactions. Weight is the event type's weight (times the rating, for
 * rating events); quantities do not scale it, so one wholesale order of 500 units does not drown out
 * 500 customers' single purchases.
 */
export interface InteractionBatch {
  length: number;
  customerIndex: Int32Array;
  itemIndex: Int32Array;
  weight: Float64Array;
  /** Milliseconds since the epoch. */
  time: Float64Array;
}

/**
 * Customers' orders in columnar typed arrays, ordered by customer index, then time: one row per order
 * (the purchase lines sharing a customer and an order id; a purchase without an order id is an order of its
 * own). The input of lifetime-value models, which count repeat orders and their values.
 */
export interface OrderBatch {
  length: number;
  customerIndex: Int32Array;
  /** Time of the order's first line, milliseconds since the epoch. */
  time: Float64Array;
  /** Sum of quantity x unit price over the order's purchase lines. */
  value: Float64Array;
}

/** Per-customer purchase history, the input of RFM, lifetime value and profiles. */
export interface CustomerOrderAggregate {
  customerId: string;
  customerIndex: number;
  /** Distinct orders with at least one purchase line (purchases without an order id count one each). */
  orders: number;
  purchaseLines: number;
  units: number;
  /** Sum of quantity x unit price over purchases. */
  revenue: number;
  returnLines: number;
  /** Sum of quantity x unit price over returns. */
  returnValue: number;
  firstPurchaseAt: Date;
  lastPurchaseAt: Date;
}

export interface OrderAggregateOptions extends ScanOptions {
  /** Only purchases strictly before this instant count. */
  until?: Date;
  /** Only these customers (by external id; unknown ones and those without purchases are left out). */
  customerIds?: readonly string[];
}

/** For order scans, `batchSize` counts customers: a batch holds all orders of up to that many customers. */
export type OrderScanOptions = OrderAggregateOptions;

/** An item's units sold net of returns: purchases' quantities minus returns' (a missing quantity counts 1). */
export interface ItemNetUnits {
  sku: string;
  title: string | null;
  units: number;
}

/** The length of a demand period: a UTC day, an ISO week (from Monday) or a calendar month (UTC). */
export type DemandPeriod = 'day' | 'week' | 'month';

export interface ItemDemandOptions extends ScanOptions {
  period: DemandPeriod;
  /** Inclusive lower bound on event time. */
  since?: Date;
  /** Exclusive upper bound on event time. */
  until?: Date;
  /** Only these items (unknown SKUs are left out). */
  skus?: readonly string[];
}

/**
 * Units per item and period, over every purchase and return event with an item (anonymous customers
 * included: they still bought stock). Periods start at UTC midnight; weeks on Monday (ISO 8601), months on
 * the 1st. Only (item, period) pairs with at least one such event are listed, ordered by item index, then
 * period start; a batch holds every period of its items (`batchSize` counts items, at most that many per
 * batch). Over all periods, `purchased - returned` is an item's net units of `topItemsByNetUnits` (returns are
 * stored as positive units: every importer and the gateway write them so).
 */
export interface ItemDemandBatch {
  length: number;
  itemIndex: Int32Array;
  /** Period start, ms since the epoch (UTC). */
  periodStart: Float64Array;
  /** Sum of purchase quantities (a missing quantity counts 1). */
  purchased: Float64Array;
  /**
   * Sum of return quantities as positive units (a missing quantity counts 1; a negative stored quantity,
   * which only a direct `appendEvents` can write, counts by its absolute value).
   */
  returned: Float64Array;
  /** Purchase events (lines) in the period. */
  purchaseLines: Int32Array;
}

/** Fast paths an adapter may offer; `reads.ts` falls back to the required methods when absent. */
export interface BulkReads extends CampaignBulkReads {
  scanInteractions?(options: InteractionScanOptions): AsyncIterable<InteractionBatch>;
  scanOrderAggregates?(options?: OrderAggregateOptions): AsyncIterable<CustomerOrderAggregate[]>;
  scanOrders?(options?: OrderScanOptions): AsyncIterable<OrderBatch>;
  /** The `limit` items with the most units sold net of returns (see `topItemsByNetUnits`). */
  topItemsByNetUnits?(limit: number): Promise<ItemNetUnits[]>;
  /** Units sold and returned per item and period (see `ItemDemandBatch`), whole items per batch. */
  scanItemDemand?(options: ItemDemandOptions): AsyncIterable<ItemDemandBatch>;
  /** External ids of the customers matching a validated rule filter, evaluated by the store (sorted). */
  selectCustomers?(filter: SegmentFilter): Promise<string[]>;
  /**
   * Stored scores of many customers in one round trip, in the order of `customerIds`, each list by model name;
   * only the named models when `models` is given (see `customerScores`).
   */
  customerScores?(customerIds: readonly string[], models?: readonly string[]): Promise<CustomerScore[][]>;
  /** Revenue of each segment's members and of all customers in one aggregation (see `segmentRevenue`). */
  segmentRevenue?(options?: SegmentRevenueOptions): Promise<SegmentRevenue>;
  /** Per-customer behaviour profiles as of an instant (see `CustomerProfileBatch`). */
  scanCustomerProfiles?(options: ProfileScanOptions): AsyncIterable<CustomerProfileBatch>;
  /** The segment snapshots holding one customer, by the store (see `customerSnapshots`). */
  customerSnapshots?(customerId: string): Promise<CustomerSnapshot[]>;
  /** What is held about customers, in counts, aggregated by the store (see `customerHoldings`). */
  customerHoldings?(): Promise<CustomerHoldings>;
  /** The customers last active before `before`, by the store (see `inactiveCustomers`). */
  inactiveCustomers?(before: Date, options: { ids: boolean }): Promise<InactiveCustomers>;
}
