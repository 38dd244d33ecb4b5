/**
 * Customer profiles: what a customer's behaviour looked like as of an instant, one row per customer, in
 * columnar typed arrays. The features of purchase-propensity models, computed by the store where it can
 * (`BulkReads.scanCustomerProfiles`) and otherwise from the event scan (`scanCustomerProfiles` in reads).
 */
import type { ScanOptions } from './types.js';

export interface ProfileScanOptions extends ScanOptions {
  /** Only events strictly before this instant count; days (recency, tenure) are measured back from it. */
  asOf: Date;
  /**
   * The top-level categories of the `categoryShare` columns, in order. Default: the shop's
   * `topCategories` most frequent top-level categories (by view and purchase events before `asOf`,
   * anonymous ones included; ties by name). Pass the list a model was trained with to score with it.
   */
  categories?: readonly string[];
  /** How many categories to pick when `categories` is not given (default 5). */
  topCategories?: number;
  /** Only this customer's profile (none if unknown or without events); the top categories stay the shop's. */
  customerId?: string;
}

/**
 * Profiles of customers with at least one event before `asOf`, ordered by customer index; `batchSize`
 * counts customers. Money is quantity (default 1) x unit price (default 0), as in order aggregates. Days are
 * fractional (milliseconds / 86,400,000).
 */
export interface CustomerProfileBatch {
  length: number;
  /** The top-level categories of the `categoryShare` columns (the same in every batch of a scan). */
  categories: readonly string[];
  customerId: string[];
  customerIndex: Int32Array;
  /** Days since the last purchase; NaN for customers without one. */
  recencyDays: Float64Array;
  /** Distinct orders (purchases without an order id count one each). */
  frequency: Int32Array;
  /** Revenue: the sum of quantity x unit price over purchases. */
  monetary: Float64Array;
  /** Monetary / frequency; 0 without orders. */
  averageOrderValue: Float64Array;
  /** Days since the customer's first event of any type. */
  tenureDays: Float64Array;
  /** Days since the customer's last event of any type. */
  daysSinceLastEvent: Float64Array;
  /** Distinct session ids (events without one are in no session). */
  sessions: Int32Array;
  views: Int32Array;
  addToCarts: Int32Array;
  /** Purchase events (order lines). */
  purchases: Int32Array;
  /** Add-to-carts / views; 0 without views. */
  viewToCartRate: Float64Array;
  /** Purchases / add-to-carts; 0 without add-to-carts. */
  cartToPurchaseRate: Float64Array;
  /** Return events (lines) and the sum of their quantity x unit price. */
  returns: Int32Array;
  returnValue: Float64Array;
  /**
   * The price band: the mean unit price of the items the customer viewed or bought, per event (the event's
   * unit price, else the item's list price; events with neither are left out); NaN when there is none.
   */
  meanPrice: Float64Array;
  /**
   * Row-major, `length` x `categories.length`: the share of the customer's view and purchase events with an
   * item whose item's top-level category is that column's (0 without such events). Rows sum to at most 1.
   */
  categoryShare: Float64Array;
}

/** The per-customer numeric columns of a profile, in a fixed order (the category shares come after). */
export const PROFILE_COLUMNS = [
  'recencyDays',
  'frequency',
  'monetary',
  'averageOrderValue',
  'tenureDays',
  'daysSinceLastEvent',
  'sessions',
  'views',
  'addToCarts',
  'purchases',
  'viewToCartRate',
  'cartToPurchaseRate',
  'returns',
  'returnValue',
  'meanPrice',
] as const satisfies readonly (keyof CustomerProfileBatch)[];
export type ProfileColumn = (typeof PROFILE_COLUMNS)[number];
