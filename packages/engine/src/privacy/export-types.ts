/**
 * The document of a customer's data export (GDPR Art. 15, access, and Art. 20, portability): everything the
 * store holds about one customer, as JSON. Times are ISO 8601 strings in UTC, so the document is the same
 * whether it is read from `exportCustomerData` or parsed from what `writeCustomerData` wrote.
 */
import type { Attributes, ConsentFlags, EventType } from '@storewise/storage';

/** The `format` of the document: a reader checks it with `formatVersion` before reading the rest. */
export const CUSTOMER_EXPORT_FORMAT = 'storewise.customer-data';
/** Raised when a section's meaning or shape changes (a field added keeps it). */
export const CUSTOMER_EXPORT_VERSION = 1;

/** The customer record: the shop's id, country, its own attributes, consent as recorded, and its dates. */
export interface ExportedCustomer {
  externalId: string;
  country: string | null;
  attributes: Attributes;
  /** A flag absent here was never recorded (no choice), not refused. */
  consent: ConsentFlags;
  createdAt: string;
  updatedAt: string;
}

/** An event naming the customer, with every stored field but storage's internal integer ids. */
export interface ExportedEvent {
  eventId: string;
  type: EventType;
  /** The item's SKU; null for an event without an item (a search). */
  sku: string | null;
  timestamp: string;
  quantity: number | null;
  unitPrice: number | null;
  rating: number | null;
  query: string | null;
  sessionId: string | null;
  orderId: string | null;
}

export interface ExportedScore {
  /** The score's name, e.g. p_purchase_30d or clv_12m. */
  model: string;
  score: number;
  computedAt: string;
}

export interface ExportedMembership {
  segmentId: string;
  segmentName: string;
  /** As-of date of the refresh from which they have been a member without interruption. */
  since: string;
}

/** A past refresh of a segment whose recorded members held the customer. */
export interface ExportedSnapshot {
  segmentId: string;
  segmentName: string;
  asOf: string;
}

export interface ExportedAssignment {
  campaignId: string;
  campaignName: string;
  /** The offer (the arm's id); null for no offer. */
  arm: string | null;
  /** Held out of the campaign to measure it (no offer). */
  holdout: boolean;
  /** Why: the policy's reason or the holdout's hash values. */
  reason: Record<string, unknown>;
  couponCode: string | null;
  /** Cost counted against the campaign's budget, in the shop's currency. */
  cost: number;
  assignedAt: string;
}

/** A row an import refused that names the customer: one per bad field, with the row's text as in the file. */
export interface ExportedReject {
  /** The file (its absolute path when imported). */
  source: string;
  line: number;
  field: string;
  reason: string;
  raw: string;
}

/**
 * Rows per table, as `deleteCustomer` names them: deleting the customer now removes exactly these (the
 * tests check it on every adapter), so the export and the erasure cover the same data.
 */
export interface ExportedRows {
  customer: number;
  events: number;
  scores: number;
  segmentMembers: number;
  segmentSnapshots: number;
  campaignAssignments: number;
  importRejects: number;
}

/** What the store keeps that may concern the customer but is not theirs alone, and so is not in the document. */
export interface ExportNotes {
  /**
   * Rejected import rows: those naming the customer are in `importRejects`; a row whose customer field could
   * not be read is linked to no customer, though its raw text may name them. `kept` counts every reject
   * stored, one per bad field (a row with two bad fields counts twice), as `info` does.
   */
  rejectedImportFields: { kept: number; note: string };
  /** Trained models: aggregates over many customers, which hold a row for the customer until retrained. */
  models: string;
}

export interface CustomerDataExport {
  format: typeof CUSTOMER_EXPORT_FORMAT;
  formatVersion: typeof CUSTOMER_EXPORT_VERSION;
  exportedAt: string;
  customerId: string;
  /** Null when the store holds no record of them, only rejected rows naming them (`importRejects`). */
  customer: ExportedCustomer | null;
  /** Whether the id is on the erasure list (false for a customer the store holds; null: the store cannot tell). */
  erasureList: { listed: boolean | null };
  scores: ExportedScore[];
  segmentMemberships: ExportedMembership[];
  segmentSnapshots: ExportedSnapshot[];
  campaignAssignments: ExportedAssignment[];
  /** Rows imports refused that name the customer, in the order they were stored. */
  importRejects: ExportedReject[];
  notes: ExportNotes;
  /** In (timestamp, storage sequence) order. */
  events: ExportedEvent[];
  rows: ExportedRows;
}

export interface CustomerExportOptions {
  /** The document's `exportedAt` (default: now). */
  now?: Date;
  /** Events read per batch (default 10,000): memory holds one batch of them while writing. */
  batchSize?: number;
}

/** An export of a customer the store does not hold. */
export class CustomerExportError extends Error {
  override readonly name = 'CustomerExportError';
  constructor(
    readonly customerId: string,
    /** Whether the id is on the erasure list (null: the store cannot tell). */
    readonly erased: boolean | null,
  ) {
    super(
      `no customer ${JSON.stringify(customerId)}${
        erased
          ? ': they were erased (deleteCustomer), and the store holds nothing about them'
          : ' in the store'
      }`,
    );
  }
}
