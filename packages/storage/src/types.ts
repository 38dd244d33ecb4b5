/**
 * The Storage contract. Every adapter (memory, PGlite, PostgreSQL, or a contributor's) implements
 * `Storage`; the optional `bulk` fast paths may be left out, and `./reads.ts` then falls back to
 * the required methods, with the same results.
 *
 * Ids: customers are addressed by the shop's own external id, items by SKU. Adapters also assign
 * each customer and item a small integer id (`customerIndex`, `itemIndex`), which bulk reads return
 * so that models can build typed-array matrices without string maps per row.
 */

import type { BulkReads } from './bulk-types.js';
import type { CampaignStorage } from './campaign-types.js';
import type { ChangeWatch, StoreChange, WatchOptions } from './change-types.js';
import type {
  AppendResult,
  Customer,
  CustomerInput,
  EventInput,
  EventType,
  Item,
  ItemInput,
  StoredEvent,
  UpsertOptions,
  UpsertResult,
} from './entity-types.js';
import type { EventColumns } from './event-columns.js';
import type { EventConflict } from './event-conflicts.js';
import type {
  ApiKeyInput,
  ApiKeyRecord,
  CustomerScore,
  CustomerScoreInput,
  ImportReject,
  ModelArtifact,
  ModelArtifactInfo,
  ModelArtifactInput,
  RecordRejectsResult,
} from './record-types.js';
import type {
  CustomerSegment,
  Segment,
  SegmentInput,
  SegmentMember,
  SegmentMemberScanOptions,
  SegmentRefreshResult,
  SegmentSnapshot,
} from './segment-types.js';

export * from './bulk-types.js';
export * from './campaign-types.js';
export * from './change-types.js';
export * from './entity-types.js';
export * from './event-conflicts.js';
export * from './privacy-types.js';
export * from './profile-types.js';
export * from './record-types.js';
export * from './segment-types.js';

/** What deleting a customer removed, table by table. */
export interface DeletionReport {
  customer: number;
  events: number;
  scores: number;
  /** Current segment memberships. */
  segmentMembers: number;
  /** Rows of the segment membership history (one per segment and refresh the customer was in). */
  segmentSnapshots: number;
  /** Assignments of the customer in any campaign. */
  campaignAssignments: number;
  /** Rejected import rows naming the customer (`ImportReject.customerId`). */
  importRejects: number;
  [table: string]: number;
}

export interface ScanOptions {
  /** Rows per batch; adapters never hold more than about this many rows of a scan at once. */
  batchSize?: number;
}

export interface RejectScanOptions extends ScanOptions {
  /** Only the rejects of this source (the file's absolute path, as the import keeps them). */
  source?: string;
  /** Only the rejects naming this customer (`ImportReject.customerId`). */
  customerId?: string;
}

export interface EventScanOptions extends ScanOptions {
  customerId?: string;
  types?: readonly EventType[];
  /** Inclusive lower bound on the timestamp. */
  since?: Date;
  /** Exclusive upper bound on the timestamp. */
  until?: Date;
}

/**
 * One entry of the erasure list (erasure.ts), as listErasures gives it and addErasures takes it: what a move
 * to another database carries over.
 */
export interface ErasureEntry {
  /** `erasureHash` of the id: the SHA-256 of its UTF-8 bytes, 64 lower-case hex digits. */
  idHash: string;
  /** When it was put on the list. */
  erasedAt: Date;
  /** Whether the store held the customer's record then (lastErasureAt). */
  held: boolean;
}

/** What pruneModels removes besides the versions older than the newest `keep`. */
export interface PruneOptions {
  /**
   * Also the versions saved (`createdAt`) before this instant, however new: those trained before a
   * customer's erasure may hold their rows (the engine's pruneModelVersions passes lastErasureAt).
   */
  trainedBefore?: Date;
}

export interface StorageCounts {
  customers: number;
  items: number;
  events: number;
  eventsByType: Partial<Record<EventType, number>>;
  models: number;
  rejects: number;
  /** Customers on the erasure list (`deleteCustomer`). */
  erasedCustomers: number;
  /**
   * Purchase events without a unit price: revenue counts them as 0 (order values, RFM's monetary, lifetime
   * value, campaign revenue), which analytics warn of.
   */
  unpricedPurchases: number;
  firstEventAt: Date | null;
  lastEventAt: Date | null;
  /**
   * The latest stored event of each type (absent for a type with none). Analytics of purchases count from
   * the latest purchase, not from a view tracked since (an import of orders up to yesterday, a storefront
   * tracking views live). Optional for adapters written before it: the engine then takes `lastEventAt`.
   */
  lastEventAtByType?: Partial<Record<EventType, Date>>;
}

/** How `Storage.transaction` runs. */
export interface TransactionOptions {
  /** Reads only, all of one snapshot (PostgreSQL: REPEATABLE READ, READ ONLY); writes are refused. */
  readOnly?: boolean;
}

export interface Storage extends CampaignStorage {
  /** A short name of the adapter, e.g. 'memory', 'pglite', 'postgres'. */
  readonly kind: string;
  readonly bulk: BulkReads;

  upsertCustomers(customers: readonly CustomerInput[], options?: UpsertOptions): Promise<UpsertResult>;
  getCustomer(externalId: string): Promise<Customer | null>;
  /** Many customers in one round trip, in the order of `externalIds` (null where unknown). */
  getCustomers(externalIds: readonly string[]): Promise<(Customer | null)[]>;
  scanCustomers(options?: ScanOptions): AsyncIterable<Customer[]>;

  upsertItems(items: readonly ItemInput[], options?: UpsertOptions): Promise<UpsertResult>;
  getItem(sku: string): Promise<Item | null>;
  /** Many items in one round trip, in the order of `skus` (null where unknown). */
  getItems(skus: readonly string[]): Promise<(Item | null)[]>;
  scanItems(options?: ScanOptions): AsyncIterable<Item[]>;

  /**
   * Appends a batch atomically: all of it or, on error, none of it. Customers and items that the
   * events name but that are not stored yet are created with just their id.
   */
  appendEvents(events: readonly EventInput[]): Promise<AppendResult>;
  /**
   * Optional fast path: appendEvents for a batch in columns (see `EventColumns`), which the import
   * builds in its worker thread. Without it, callers append `eventsOfColumns(columns)`. The arrays are
   * lent for the call: an adapter copies what it keeps past the returned promise (the import reuses their
   * buffers for a later batch once it settles).
   */
  appendEventColumns?(columns: EventColumns): Promise<AppendResult>;
  /**
   * Optional (adapters whose appends leave no event `unsettled` need none): inside a transaction, ends its
   * bulk load of events now (the indexes are built; later appends go the ordinary way) and compares the
   * events the load set aside with those stored under their ids. Returns the conflicts among them, each
   * `index` being the event's position among the `unsettled` of the transaction's appends (in order,
   * from 0), in that order; [] when nothing waits. Without this call the transaction's end settles them
   * and their conflicts go unreported. A nested transaction that settles and rolls back undoes the
   * settling: the load goes on, and a later call (or the end) settles again.
   */
  settleDuplicates?(): Promise<EventConflict[]>;
  /** Events in (timestamp, seq) order, in batches. */
  scanEvents(options?: EventScanOptions): AsyncIterable<StoredEvent[]>;

  /**
   * Stores each customer's score per model (every customer must exist: none is written otherwise); returns
   * how many were written. A score computed as of an earlier time (`computedAt`) than the stored one does not
   * replace it: analytics as of a past date do not rewrite the present.
   */
  upsertScores(scores: readonly CustomerScoreInput[]): Promise<number>;
  /**
   * Deletes every customer's score of `model` (a score name such as p_purchase_30d) and returns how many:
   * a rollback to an older model rewrites its scores, which a later computedAt would otherwise keep.
   * Optional for a contributor's adapter; the built-ins have it.
   */
  deleteScores?(model: string): Promise<number>;
  getScores(customerId: string): Promise<CustomerScore[]>;

  /**
   * Removes the customer, everything derived from them and the rejected import rows naming them; reports
   * the rows removed per table. Puts them on the erasure list, also when none of their rows is stored: their
   * events, records and rejects are left out of every later write (counted as `erased`) until
   * restoreCustomer (erasure.ts). The list records whether the store held the customer (lastErasureAt).
   */
  deleteCustomer(externalId: string): Promise<DeletionReport>;
  /**
   * Takes a customer off the erasure list that deleteCustomer put them on (erasure.ts): their events and
   * records are stored again from then on (what was left out while erased stays out). Whether they were on it.
   */
  restoreCustomer(externalId: string): Promise<boolean>;
  /**
   * Whether the customer is on the erasure list (erasure.ts): a customer the store holds never is. Optional
   * for a contributor's adapter (`isErased` in ./customer-data-reads.ts then answers null); the built-ins have it.
   */
  isErased?(externalId: string): Promise<boolean>;
  /**
   * When the latest customer still on the erasure list whose record the store held was put on it (null: no
   * such customer): an erasure of an id the store did not hold (or held only rejects of) removed nothing a
   * model was trained on. Optional for a contributor's adapter; the built-ins have it.
   */
  lastErasureAt?(): Promise<Date | null>;
  /**
   * Every entry of the erasure list, by `idHash`: hashes, not ids, as the list keeps them. Optional for a
   * contributor's adapter; the built-ins have it.
   */
  listErasures?(): Promise<ErasureEntry[]>;
  /**
   * Puts these hashes on the erasure list (another store's listErasures: a move), after the writes in flight
   * (as deleteCustomer); returns how many were not on it. One on it already keeps the later `erasedAt`, and
   * `held` if either says so. Removes nothing: a customer the store holds whose id hashes to one of them is
   * the caller's to delete (the engine's importErasureList does). Refuses a malformed `idHash`
   * (StorageInputError). Optional for a contributor's adapter; the built-ins have it.
   */
  addErasures?(entries: readonly ErasureEntry[]): Promise<number>;

  saveModel(artifact: ModelArtifactInput): Promise<ModelArtifactInfo>;
  /** The active version when `version` is left out. */
  loadModel(name: string, version?: number): Promise<ModelArtifact | null>;
  listModels(): Promise<ModelArtifactInfo[]>;
  activateModel(name: string, version: number): Promise<void>;
  /**
   * Deletes the versions of model `name` older than its newest `keep` (a whole number, at least 1), and with
   * `trainedBefore` also those saved before that instant, except the active one; returns what it deleted,
   * oldest first. The newest version is always kept, so a version number is never given twice.
   */
  pruneModels(name: string, keep: number, options?: PruneOptions): Promise<ModelArtifactInfo[]>;

  /**
   * Stores rejected import rows; a row already stored (same source, line, field) is kept once. Rejects
   * naming a customer on the erasure list (`customerId`) are left out, as their events are (erasure.ts).
   */
  recordRejects(rejects: readonly ImportReject[]): Promise<RecordRejectsResult>;
  /** The kept rejects in the order they were stored: all, those of one `source`, or those naming one `customerId`. */
  scanRejects(options?: RejectScanOptions): AsyncIterable<ImportReject[]>;
  /**
   * Deletes the kept rejects (of one `source`, or all) and returns how many: their raw rows may hold a
   * customer's data that an erasure must reach. Optional for a contributor's adapter; the built-ins have it.
   */
  deleteRejects?(options?: { source?: string }): Promise<number>;

  counts(): Promise<StorageCounts>;

  /** Stores a new API key; refuses a key id that exists. */
  createApiKey(key: ApiKeyInput): Promise<ApiKeyRecord>;
  getApiKey(keyId: string): Promise<ApiKeyRecord | null>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked (it stays listed); false if there is no such live key. */
  revokeApiKey(keyId: string, at?: Date): Promise<boolean>;
  /** Records that the key was used at `at`. */
  touchApiKey(keyId: string, at: Date): Promise<void>;

  /** Creates the segment or updates its name, kind and definition (memberships stay). */
  upsertSegment(segment: SegmentInput): Promise<Segment>;
  getSegment(id: string): Promise<Segment | null>;
  /** Every segment, by id. */
  listSegments(): Promise<Segment[]>;
  /** Removes the segment with its memberships and history; false if there was none. */
  deleteSegment(id: string): Promise<boolean>;
  /**
   * Replaces the segment's members by `customerIds` as of `asOf`, in one transaction: members who stay keep
   * their `since`, new ones get `asOf`; the members are also recorded as the segment's snapshot at `asOf`
   * (replacing one at the same instant). An `asOf` before the segment's last refresh records only that
   * snapshot and leaves the current members and `refreshedAt` as they are (`current: false`). Refuses an
   * unknown segment or customer.
   */
  refreshSegment(id: string, customerIds: readonly string[], asOf: Date): Promise<SegmentRefreshResult>;
  /** Current members in customer-id order (code units), in batches; `after` starts past a customer id. */
  scanSegmentMembers(id: string, options?: SegmentMemberScanOptions): AsyncIterable<SegmentMember[]>;
  /**
   * The segments each customer is currently a member of, in the order of `customerIds`, each list by
   * segment id (empty for an unknown customer or one in no segment). One round trip for all of them.
   */
  getCustomerSegments(customerIds: readonly string[]): Promise<CustomerSegment[][]>;
  /** The latest snapshot of the segment at or before `at` (null if none). */
  getSegmentSnapshot(id: string, at: Date): Promise<SegmentSnapshot | null>;

  /**
   * Runs `fn` atomically: if it throws, nothing it wrote stays. With `readOnly`, `fn` only reads, and all its
   * reads see the store as one snapshot: what other connections commit while it runs is not seen (a data
   * export, say, is then of one moment); a write in it is refused. `readOnly` applies to an outermost
   * transaction; a nested one runs in its outer transaction's mode.
   */
  transaction<T>(fn: (tx: Storage) => Promise<T>, options?: TransactionOptions): Promise<T>;

  /**
   * Optional, for databases other processes can write (PostgreSQL): calls `onChange` after any process
   * using a Storewise adapter on the same database commits events of customers, changes stored customers
   * or deletes customers, so that what a process keeps in memory about them can be dropped. Nothing is
   * told of a rolled-back transaction. Resolves once watching; `close` the watch (closing the storage
   * closes it too).
   */
  watchChanges?(onChange: (change: StoreChange) => void, options?: WatchOptions): Promise<ChangeWatch>;
  /**
   * Optional: runs `fn` while holding the lock `name` across every process using the store (PostgreSQL: a
   * session advisory lock on a connection of its own), for work two processes must not both do (a gateway's
   * first start: importing the demo, training, analytics). `onWait` is told when another process holds it
   * and this one waits. Adapters that one process uses at a time (memory, PGlite) leave it out.
   */
  exclusive?<T>(name: string, fn: () => Promise<T>, onWait?: () => void): Promise<T>;
  /**
   * Optional: a short string that changes whenever an item is added, changed or removed, cheap to read
   * compared with the catalog itself (so a server knows when to read the catalog again).
   */
  catalogVersion?(): Promise<string>;

  close(): Promise<void>;
}
