/**
 * The memory adapter: every table in JavaScript maps, for tests, browsers and small experiments.
 * Same behaviour as the SQL adapters (checked by the same conformance suite); no bulk fast paths,
 * so `reads.ts` serves interactions and order aggregates from the event scan.
 */

import { closable } from '../closed-storage.js';
import { customersNamed } from '../erasure.js';
import { contentDifferences, type EventConflict, eventContent } from '../event-conflicts.js';
import type {
  ApiKeyInput,
  ApiKeyRecord,
  AppendResult,
  BulkReads,
  CampaignAssignment,
  CampaignAssignmentInput,
  CampaignInput,
  CampaignStatus,
  Customer,
  CustomerInput,
  CustomerScoreInput,
  ErasureEntry,
  EventInput,
  EventScanOptions,
  EventType,
  ImportReject,
  Item,
  ItemInput,
  ModelArtifactInfo,
  ModelArtifactInput,
  PruneOptions,
  RejectScanOptions,
  ScanOptions,
  SegmentInput,
  SegmentMember,
  SegmentMemberScanOptions,
  Storage,
  StorageCounts,
  StoredEvent,
  TransactionOptions,
  UpsertOptions,
  UpsertResult,
} from '../types.js';
import {
  batchSizeOf,
  normalizeCustomers,
  normalizeItems,
  validateApiKey,
  validateErasures,
  validateModel,
  validateRejects,
  validateScores,
} from '../validate.js';
import { validateEvents } from '../validate-events.js';
import { batches, copy } from './copy.js';
import * as campaignMem from './memory-campaigns.js';
import * as catalog from './memory-catalog.js';
import {
  addErasures,
  deleteCustomer,
  erasedAmong,
  lastErasureAt,
  listErasures,
  restoreCustomer,
} from './memory-deletion.js';
import * as registry from './memory-registry.js';
import * as scoreMem from './memory-scores.js';
import * as seg from './memory-segments.js';
import { type EventRecord, MemoryState } from './state.js';

export class MemoryStorage implements Storage {
  readonly kind = 'memory';
  readonly bulk: BulkReads = {};

  constructor(
    private readonly state = new MemoryState(),
    private readonly inTransaction = false,
    /** Inside a read-only transaction (Storage.transaction's `readOnly`): every write is refused. */
    private readonly readOnly = false,
  ) {}

  /** Writes run one at a time at the top level; inside a transaction they run directly. */
  #write<T>(mutate: () => T): Promise<T> {
    if (this.readOnly) return Promise.reject(new Error(READ_ONLY_WRITE));
    if (this.inTransaction) return Promise.resolve().then(mutate);
    return this.state.exclusive(async () => mutate());
  }

  async upsertCustomers(input: readonly CustomerInput[], options?: UpsertOptions): Promise<UpsertResult> {
    const rows = normalizeCustomers(input);
    return await this.#write(() => catalog.upsertCustomers(this.state, rows, input, options));
  }

  async getCustomer(externalId: string): Promise<Customer | null> {
    const c = this.state.customers.get(externalId);
    return c ? copy(c) : null;
  }

  async getCustomers(externalIds: readonly string[]): Promise<(Customer | null)[]> {
    return externalIds.map((id) => {
      const c = this.state.customers.get(id);
      return c ? copy(c) : null;
    });
  }

  async *scanCustomers(options?: ScanOptions): AsyncIterable<Customer[]> {
    const all = [...this.state.customerByIndex.values()].sort((a, b) => a.index - b.index);
    for (const batch of batches(all, batchSizeOf(options))) yield batch.map(copy);
  }

  async upsertItems(input: readonly ItemInput[], options?: UpsertOptions): Promise<UpsertResult> {
    const rows = normalizeItems(input);
    return await this.#write(() => catalog.upsertItems(this.state, rows, options));
  }

  async catalogVersion(): Promise<string> {
    return `${this.state.items.size}/${this.state.itemWrites}`;
  }

  async getItem(sku: string): Promise<Item | null> {
    const it = this.state.items.get(sku);
    return it ? copy(it) : null;
  }

  async getItems(skus: readonly string[]): Promise<(Item | null)[]> {
    return skus.map((sku) => {
      const it = this.state.items.get(sku);
      return it ? copy(it) : null;
    });
  }

  async *scanItems(options?: ScanOptions): AsyncIterable<Item[]> {
    const all = [...this.state.itemByIndex.values()].sort((a, b) => a.index - b.index);
    for (const batch of batches(all, batchSizeOf(options))) yield batch.map(copy);
  }

  async appendEvents(events: readonly EventInput[]): Promise<AppendResult> {
    validateEvents(events);
    return await this.#write(() => {
      const s = this.state;
      // An erased customer's events count as erased, repeats included, before any is a duplicate (erasure.ts).
      const erased = erasedAmong(s, customersNamed(events));
      const now = new Date();
      const added: EventRecord[] = [];
      const conflicts: EventConflict[] = [];
      let left = 0;
      const erasedCustomers = new Set<string>();
      for (let i = 0; i < events.length; i++) {
        const e = events[i]!;
        if (e.customerId !== null && erased.has(e.customerId)) {
          left++;
          erasedCustomers.add(e.customerId);
          continue;
        }
        // Stored before, or earlier in this batch: the first stays; other content is a conflict.
        const stored = s.eventIds.get(e.eventId);
        if (stored !== undefined) {
          const fields = contentDifferences(eventContent(s.toStoredEvent(stored)), eventContent(e));
          if (fields.length > 0) conflicts.push({ index: i, eventId: e.eventId, fields });
          continue;
        }
        const record: EventRecord = {
          seq: s.nextSeq++,
          eventId: e.eventId,
          type: e.type,
          customerIndex: e.customerId === null ? null : s.ensureCustomer(e.customerId, now).index,
          itemIndex: e.sku === null ? null : s.ensureItem(e.sku, now).index,
          time: e.timestamp.getTime(),
          quantity: e.quantity ?? null,
          unitPrice: e.unitPrice ?? null,
          rating: e.rating ?? null,
          query: e.query ?? null,
          sessionId: e.sessionId ?? null,
          orderId: e.orderId ?? null,
        };
        added.push(record);
        s.eventIds.set(e.eventId, record);
      }
      s.events.push(...added);
      for (const e of added) {
        if (e.customerIndex === null) continue;
        const list = s.eventsByCustomer.get(e.customerIndex);
        if (list) list.push(e);
        else s.eventsByCustomer.set(e.customerIndex, [e]);
      }
      s.sorted = null;
      s.onUndo(() => {
        s.events.length -= added.length;
        for (let k = added.length - 1; k >= 0; k--) {
          const e = added[k]!;
          s.eventIds.delete(e.eventId);
          if (e.customerIndex === null) continue;
          const list = s.eventsByCustomer.get(e.customerIndex)!;
          list.pop();
          if (list.length === 0) s.eventsByCustomer.delete(e.customerIndex);
        }
        s.sorted = null;
      });
      const duplicates = events.length - left - added.length;
      return {
        inserted: added.length,
        duplicates,
        erased: left,
        ...(left > 0 ? { erasedCustomers: [...erasedCustomers] } : {}),
        conflicts,
        unsettled: [],
      };
    });
  }

  async *scanEvents(options: EventScanOptions = {}): AsyncIterable<StoredEvent[]> {
    const size = batchSizeOf(options);
    const s = this.state;
    let customer: number | undefined;
    if (options.customerId !== undefined) {
      const c = s.customers.get(options.customerId);
      if (!c) return;
      customer = c.index;
    }
    const types = options.types ? new Set<string>(options.types) : null;
    const since = options.since?.getTime() ?? -Infinity;
    const until = options.until?.getTime() ?? Infinity;
    const source =
      customer === undefined
        ? s.eventsInOrder()
        : [...(s.eventsByCustomer.get(customer) ?? [])].sort((a, b) => a.time - b.time || a.seq - b.seq);
    let batch: StoredEvent[] = [];
    for (const e of source) {
      if (types && !types.has(e.type)) continue;
      if (e.time < since || e.time >= until) continue;
      batch.push(s.toStoredEvent(e));
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async upsertScores(scores: readonly CustomerScoreInput[]): Promise<number> {
    validateScores(scores);
    return await this.#write(() => scoreMem.upsertScores(this.state, scores));
  }

  getScores = async (customerId: string) => scoreMem.getScores(this.state, customerId);

  deleteScores = (model: string) => this.#write(() => scoreMem.deleteScores(this.state, model));

  deleteCustomer = (externalId: string) => this.#write(() => deleteCustomer(this.state, externalId));
  restoreCustomer = (externalId: string) => this.#write(() => restoreCustomer(this.state, externalId));
  isErased = async (externalId: string) => erasedAmong(this.state, [externalId]).size > 0;
  lastErasureAt = async () => lastErasureAt(this.state);
  listErasures = async () => listErasures(this.state);
  addErasures = async (entries: readonly ErasureEntry[]) => {
    validateErasures(entries);
    return await this.#write(() => addErasures(this.state, entries));
  };

  async counts(): Promise<StorageCounts> {
    const s = this.state;
    const eventsByType: StorageCounts['eventsByType'] = {};
    const lastByType: Partial<Record<EventType, number>> = {};
    let first = Infinity;
    let last = -Infinity;
    let unpricedPurchases = 0;
    for (const e of s.events) {
      eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
      if (e.type === 'purchase' && e.unitPrice === null) unpricedPurchases++;
      if (e.time < first) first = e.time;
      if (e.time > last) last = e.time;
      if (!(e.time <= lastByType[e.type]!)) lastByType[e.type] = e.time;
    }
    const lastEventAtByType: NonNullable<StorageCounts['lastEventAtByType']> = {};
    for (const [type, time] of Object.entries(lastByType))
      lastEventAtByType[type as EventType] = new Date(time);
    return {
      customers: s.customers.size,
      items: s.items.size,
      events: s.events.length,
      eventsByType,
      models: s.models.length,
      rejects: s.rejects.length,
      erasedCustomers: s.erased.size,
      unpricedPurchases,
      firstEventAt: s.events.length ? new Date(first) : null,
      lastEventAt: s.events.length ? new Date(last) : null,
      lastEventAtByType,
    };
  }

  async saveModel(artifact: ModelArtifactInput): Promise<ModelArtifactInfo> {
    validateModel(artifact);
    return await this.#write(() => registry.saveModel(this.state, artifact));
  }

  loadModel = async (name: string, version?: number) => registry.loadModel(this.state, name, version);
  listModels = async () => registry.listModels(this.state);
  activateModel = (name: string, version: number) =>
    this.#write(() => registry.activateModel(this.state, name, version));
  pruneModels = (name: string, keep: number, options?: PruneOptions) =>
    this.#write(() => registry.pruneModels(this.state, name, keep, options));

  recordRejects = (rejects: readonly ImportReject[]) =>
    this.#write(() => {
      validateRejects(rejects);
      const named = new Set<string>();
      for (const r of rejects) if (r.customerId != null) named.add(r.customerId);
      return registry.recordRejects(this.state, rejects, erasedAmong(this.state, named));
    });

  deleteRejects = (options?: { source?: string }) =>
    this.#write(() => registry.deleteRejects(this.state, options?.source));

  async *scanRejects(options?: RejectScanOptions): AsyncIterable<ImportReject[]> {
    const { source, customerId } = options ?? {};
    const rows = this.state.rejects.filter(
      (r) =>
        (source === undefined || r.source === source) &&
        (customerId === undefined || r.customerId === customerId),
    );
    for (const batch of batches(rows, batchSizeOf(options))) yield batch.map(copy);
  }

  async createApiKey(key: ApiKeyInput): Promise<ApiKeyRecord> {
    validateApiKey(key);
    return await this.#write(() => registry.createApiKey(this.state, key));
  }

  getApiKey = async (keyId: string) => registry.getApiKey(this.state, keyId);
  listApiKeys = async () => registry.listApiKeys(this.state);
  revokeApiKey = (keyId: string, at = new Date()) =>
    this.#write(() => registry.revokeApiKey(this.state, keyId, at));
  touchApiKey = (keyId: string, at: Date) => this.#write(() => registry.touchApiKey(this.state, keyId, at));

  upsertSegment = (segment: SegmentInput) => this.#write(() => seg.upsertSegment(this.state, segment));
  getSegment = async (id: string) => seg.getSegment(this.state, id);
  listSegments = async () => seg.listSegments(this.state);
  deleteSegment = (id: string) => this.#write(() => seg.deleteSegment(this.state, id));
  refreshSegment = (id: string, customerIds: readonly string[], asOf: Date) =>
    this.#write(() => seg.refreshSegment(this.state, id, customerIds, asOf));
  async *scanSegmentMembers(id: string, options?: SegmentMemberScanOptions): AsyncIterable<SegmentMember[]> {
    yield* batches(seg.segmentMembers(this.state, id, options?.after), batchSizeOf(options));
  }
  getCustomerSegments = async (customerIds: readonly string[]) =>
    seg.getCustomerSegments(this.state, customerIds);
  getSegmentSnapshot = async (id: string, at: Date) => seg.getSegmentSnapshot(this.state, id, at);

  upsertCampaign = (c: CampaignInput) => this.#write(() => campaignMem.upsertCampaign(this.state, c));
  getCampaign = async (id: string) => campaignMem.getCampaign(this.state, id);
  listCampaigns = async () => campaignMem.listCampaigns(this.state);
  setCampaignStatus = (id: string, status: CampaignStatus, at: Date) =>
    this.#write(() => campaignMem.setCampaignStatus(this.state, id, status, at));
  recordAssignments = (rows: readonly CampaignAssignmentInput[]) =>
    this.#write(() => campaignMem.recordAssignments(this.state, rows));
  getAssignment = async (campaignId: string, customerId: string) =>
    campaignMem.getAssignment(this.state, campaignId, customerId);
  offerTimes = async (customerIds: readonly string[], since: Date) =>
    campaignMem.offerTimes(this.state, customerIds, since);
  async *scanAssignments(campaignId: string, options?: ScanOptions): AsyncIterable<CampaignAssignment[]> {
    yield* batches(campaignMem.campaignAssignments(this.state, campaignId), batchSizeOf(options));
  }
  campaignCost = async (campaignId: string) => campaignMem.campaignCost(this.state, campaignId);

  transaction<T>(fn: (tx: Storage) => Promise<T>, options?: TransactionOptions): Promise<T> {
    const s = this.state;
    if (this.inTransaction) {
      // A nested transaction rolls back to where it began (a savepoint).
      const mark = s.undo!.length;
      return fn(this).catch((error: unknown) => {
        rollback(s, mark);
        throw error;
      });
    }
    return s.exclusive(async () => {
      s.undo = [];
      try {
        // Other writes wait for the transaction (exclusive), so its reads see one state of the store.
        const result = await fn(new MemoryStorage(s, true, options?.readOnly === true));
        return result;
      } catch (error) {
        rollback(s, 0);
        throw error;
      } finally {
        s.undo = null;
      }
    });
  }

  async close(): Promise<void> {}
}

function rollback(s: MemoryState, mark: number): void {
  const undo = s.undo!;
  while (undo.length > mark) undo.pop()!();
}

/** What a write in a read-only transaction rejects with (PostgreSQL's own error says as much). */
const READ_ONLY_WRITE = 'cannot write in a read-only transaction';

export function createMemoryStorage(): Storage {
  return closable(new MemoryStorage());
}
