/** The shop's entities as storage takes and returns them: customers, items, events, and what writes report. */
import type { EventConflict } from './event-conflicts.js';

export const EVENT_TYPES = [
  'view',
  'add_to_cart',
  'remove_from_cart',
  'purchase',
  'return',
  'search',
  'rating',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What a customer has agreed to. `undefined` means the shop has not recorded a choice. */
export interface ConsentFlags {
  /** Marketing messages and offers (campaigns). */
  marketing?: boolean;
  /** Personalized recommendations built from their behaviour. */
  personalization?: boolean;
  /** Use of their data for analytics and model training. */
  analytics?: boolean;
}

export type Attributes = Record<string, string | number | boolean | null>;

export interface CustomerInput {
  externalId: string;
  country?: string | null;
  attributes?: Attributes;
  consent?: ConsentFlags;
  /** When these facts held (see ItemInput.asOf). */
  asOf?: Date;
}

export interface Customer {
  index: number;
  externalId: string;
  country: string | null;
  attributes: Attributes;
  consent: ConsentFlags;
  createdAt: Date;
  updatedAt: Date;
}

export interface ItemInput {
  sku: string;
  title?: string | null;
  /** Category path from the root, e.g. ['Home', 'Kitchen', 'Mugs']. */
  categoryPath?: string[];
  price?: number | null;
  currency?: string | null;
  /** Units in stock; `null` means the shop does not track stock for this item. */
  stock?: number | null;
  attributes?: Attributes;
  /**
   * When these facts held: the time of the event whose row carried them (an import of an order export).
   * Facts older than the stored ones only fill the fields the record lacks; newer ones replace, as facts
   * without a time (a catalog, an API upsert: they hold as of now) do. So an old export imported after a
   * catalog, or after newer orders, does not bring back old titles, prices, stock or countries. A time
   * after now counts as now (a mistyped year would otherwise lock the facts against later catalogs).
   */
  asOf?: Date;
}

export interface Item {
  index: number;
  sku: string;
  title: string | null;
  categoryPath: string[];
  price: number | null;
  currency: string | null;
  stock: number | null;
  attributes: Attributes;
  createdAt: Date;
  updatedAt: Date;
}

export interface EventInput {
  /** Client-supplied id; appending the same id twice stores the event once. */
  eventId: string;
  type: EventType;
  /** External customer id; `null` for anonymous events (they still count for item popularity). */
  customerId: string | null;
  /** SKU; `null` for events without an item (e.g. search). */
  sku: string | null;
  timestamp: Date;
  quantity?: number | null;
  unitPrice?: number | null;
  rating?: number | null;
  query?: string | null;
  sessionId?: string | null;
  orderId?: string | null;
}

export interface StoredEvent {
  /** Storage-assigned sequence number; breaks ties between equal timestamps. */
  seq: number;
  eventId: string;
  type: EventType;
  customerId: string | null;
  sku: string | null;
  /** The customer's and item's storage-assigned integer ids (see `Customer.index`, `Item.index`). */
  customerIndex: number | null;
  itemIndex: number | null;
  timestamp: Date;
  quantity: number | null;
  unitPrice: number | null;
  rating: number | null;
  query: string | null;
  sessionId: string | null;
  orderId: string | null;
}

export interface AppendResult {
  /** Events newly stored. */
  inserted: number;
  /** Events skipped because their id was already stored (or repeated within the batch). */
  duplicates: number;
  /** Events left out because they name a customer on the erasure list (`deleteCustomer`, erasure.ts). */
  erased: number;
  /**
   * The customers whose events `erased` counts, each once, in no set order; left out when `erased` is 0.
   * Optional for a contributor's adapter (the built-ins give it). Not for a caller outside the shop: it names
   * erased ids.
   */
  erasedCustomers?: string[];
  /**
   * Of the duplicates, those whose content differs from the event stored under their id (the first
   * stored wins: they were not stored, and the stored event is unchanged), in input order. See
   * event-conflicts.ts for the fields compared.
   */
  conflicts: EventConflict[];
  /**
   * Indexes (in the input) of events a bulk load set aside (SQL adapters, a first large append inside a
   * `transaction`): counted as duplicates, their content is compared when the load settles
   * (`settleDuplicates`), which reports their conflicts by their position among the transaction's
   * `unsettled` events, appends in order. Empty elsewhere: an append outside a transaction settles its
   * own.
   */
  unsettled: number[];
}

/** How upsertCustomers and upsertItems treat records that are not stored yet. */
export interface UpsertOptions {
  /**
   * Update only customers or items already stored, creating none (the rest are left out, uncounted). The
   * import writes a file's facts (countries, titles, prices) so, after its events: a row skipped as a
   * duplicate must not create the customer or item it names.
   */
  existingOnly?: boolean;
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  /** Customer records left out because the customer is on the erasure list (always 0 for items). */
  erased: number;
}
