/** The in-memory tables of the memory adapter, with an undo log for transactions. */
import type {
  ApiKeyRecord,
  Attributes,
  ConsentFlags,
  EventType,
  ImportReject,
  Item,
  ModelArtifact,
  StoredEvent,
} from '../types.js';
import type { CampaignRecord } from './memory-campaigns.js';
import type { SegmentRecord } from './memory-segments.js';

export interface CustomerRecord {
  index: number;
  externalId: string;
  country: string | null;
  attributes: Attributes;
  consent: ConsentFlags;
  createdAt: Date;
  updatedAt: Date;
}

export interface EventRecord {
  seq: number;
  eventId: string;
  type: EventType;
  customerIndex: number | null;
  itemIndex: number | null;
  time: number;
  quantity: number | null;
  unitPrice: number | null;
  rating: number | null;
  query: string | null;
  sessionId: string | null;
  orderId: string | null;
}

export class MemoryState {
  readonly customers = new Map<string, CustomerRecord>();
  readonly customerByIndex = new Map<number, CustomerRecord>();
  readonly items = new Map<string, Item>();
  readonly itemByIndex = new Map<number, Item>();
  events: EventRecord[] = [];
  /** Each customer's events in arrival order, so a customer's history is read without a full scan. */
  readonly eventsByCustomer = new Map<number, EventRecord[]>();
  /** Stored events by id (appends compare a repeated id's content with the stored event's). */
  readonly eventIds = new Map<string, EventRecord>();
  /** customer index -> model -> score */
  readonly scores = new Map<number, Map<string, { score: number; computedAt: Date }>>();
  readonly models: ModelArtifact[] = [];
  readonly rejects: ImportReject[] = [];
  readonly rejectKeys = new Set<string>();
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  readonly segments = new Map<string, SegmentRecord>();
  readonly campaigns = new Map<string, CampaignRecord>();
  /** Coupon codes of all assignments (unique across campaigns). */
  readonly coupons = new Set<string>();
  /**
   * The erasure list: erasureHash of each erased customer's id (../erasure.ts) -> when it was put on it and
   * whether the store held their record then (lastErasureAt).
   */
  readonly erased = new Map<string, { at: Date; held: boolean }>();
  nextCustomer = 1;
  nextItem = 1;
  /** Counts item inserts and changes (rolled-back ones too): the catalog version's second part. */
  itemWrites = 0;
  nextSeq = 1;
  /** Events sorted by (time, seq), rebuilt lazily after writes. */
  sorted: EventRecord[] | null = null;

  /** Undo actions of the open transaction, newest last; null when none is open. */
  undo: (() => void)[] | null = null;
  #lock: Promise<unknown> = Promise.resolve();

  /** Records how to reverse a write, if a transaction is open. */
  onUndo(action: () => void): void {
    this.undo?.push(action);
  }

  /** Runs `fn` after every earlier exclusive section has finished (a one-writer lock). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => {});
    return run;
  }

  eventsInOrder(): EventRecord[] {
    if (!this.sorted) this.sorted = [...this.events].sort((a, b) => a.time - b.time || a.seq - b.seq);
    return this.sorted;
  }

  toStoredEvent(e: EventRecord): StoredEvent {
    return {
      seq: e.seq,
      eventId: e.eventId,
      type: e.type,
      customerId: e.customerIndex === null ? null : this.customerByIndex.get(e.customerIndex)!.externalId,
      sku: e.itemIndex === null ? null : this.itemByIndex.get(e.itemIndex)!.sku,
      customerIndex: e.customerIndex,
      itemIndex: e.itemIndex,
      timestamp: new Date(e.time),
      quantity: e.quantity,
      unitPrice: e.unitPrice,
      rating: e.rating,
      query: e.query,
      sessionId: e.sessionId,
      orderId: e.orderId,
    };
  }

  ensureCustomer(externalId: string, now: Date): CustomerRecord {
    const existing = this.customers.get(externalId);
    if (existing) return existing;
    const record: CustomerRecord = {
      index: this.nextCustomer++,
      externalId,
      country: null,
      attributes: {},
      consent: {},
      createdAt: now,
      updatedAt: now,
    };
    this.customers.set(externalId, record);
    this.customerByIndex.set(record.index, record);
    this.onUndo(() => {
      this.customers.delete(externalId);
      this.customerByIndex.delete(record.index);
    });
    return record;
  }

  ensureItem(sku: string, now: Date): Item {
    const existing = this.items.get(sku);
    if (existing) return existing;
    const record: Item = {
      index: this.nextItem++,
      sku,
      title: null,
      categoryPath: [],
      price: null,
      currency: null,
      stock: null,
      attributes: {},
      createdAt: now,
      updatedAt: now,
    };
    this.items.set(sku, record);
    this.itemWrites++;
    this.itemByIndex.set(record.index, record);
    this.onUndo(() => {
      this.items.delete(sku);
      this.itemByIndex.delete(record.index);
    });
    return record;
  }

  /** When the stored facts of an item (`i:<sku>`) or customer (`c:<id>`) held, in ms (ItemInput.asOf). */
  readonly factsAt = new Map<string, number>();

  /** Sets when a record's facts held, remembering the old time for undo. */
  setFactsAt(key: string, at: number): void {
    const before = this.factsAt.get(key);
    this.factsAt.set(key, at);
    this.onUndo(() => (before === undefined ? this.factsAt.delete(key) : this.factsAt.set(key, before)));
  }

  /** Replaces a record's fields, remembering the old ones for undo. */
  patch<T extends object>(record: T, changes: Partial<T>): void {
    const before = { ...record };
    Object.assign(record, changes);
    this.onUndo(() => Object.assign(record, before));
  }
}
