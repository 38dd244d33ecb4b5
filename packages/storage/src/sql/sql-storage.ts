/**
 * The one Storage implementation for PGlite and PostgreSQL, written against drizzle's PgDatabase.
 * The adapters differ only in how they connect (see ../pglite and ../postgres).
 */
import { eq, type SQL, sql } from 'drizzle-orm';
import { decliningAnalytics } from '../consent.js';
import { nothingDeleted } from '../deletion.js';
import type { EventColumns } from '../event-columns.js';
import type {
  ApiKeyInput,
  BulkReads,
  CampaignAssignmentInput,
  CampaignInput,
  CampaignOutcomeOptions,
  CampaignStatus,
  ChangeWatch,
  CustomerInput,
  CustomerScoreInput,
  DeletionReport,
  ErasureEntry,
  EventConflict,
  EventInput,
  EventScanOptions,
  ImportReject,
  ItemInput,
  ModelArtifactInput,
  PruneOptions,
  RejectScanOptions,
  ScanOptions,
  SegmentInput,
  SegmentMemberScanOptions,
  Storage,
  StoreChange,
  TransactionOptions,
  UpsertOptions,
  UpsertResult,
} from '../types.js';
import { unstorableText, validateErasures } from '../validate.js';
import { BulkLoad } from './bulk-load.js';
import { catalogVersion, notifyCustomers, PendingChanges } from './change-notify.js';
import type { CopyIn } from './copy-in.js';
import { type Db, query } from './db.js';
import { customers } from './schema.js';
import * as apiKeySql from './sql-api-keys.js';
import { counts, scanInteractions, scanOrderAggregates, scanOrders, topItemsByNetUnits } from './sql-bulk.js';
import * as campaignSql from './sql-campaigns.js';
import * as catalogSql from './sql-catalog.js';
import * as scoreSql from './sql-customer-scores.js';
import {
  addErasures,
  eraseCustomerId,
  isErased,
  lastErasureAt,
  listErasures,
  lockErasureList,
  restoreCustomerId,
} from './sql-erasure.js';
import { type AppendTarget, appendEventColumns, appendEvents, scanEvents } from './sql-events.js';
import { scanItemDemand } from './sql-item-demand.js';
import * as models from './sql-models.js';
import * as privacySql from './sql-privacy.js';
import { scanCustomerProfiles } from './sql-profiles.js';
import * as rejectSql from './sql-rejects.js';
import * as segmentSql from './sql-segments.js';
import { StatisticsUpkeep } from './statistics.js';

/** What a storage transaction carries to its end, shared by its nested transactions. */
interface TransactionState {
  /** Its bulk load of events, if it starts one (see bulk-load.ts). */
  load: BulkLoad;
  /** The customers its writes changed, notified once before it commits. */
  changes: PendingChanges;
  /** The storage's count of events stored, for its planner statistics (statistics.ts). */
  statistics: StatisticsUpkeep;
}

export class SqlStorage implements Storage {
  readonly bulk: BulkReads;

  /** Set by adapters whose database other processes write (PostgreSQL); see `Storage.watchChanges`. */
  readonly watchChanges?: (onChange: (change: StoreChange) => void) => Promise<ChangeWatch>;

  private readonly statistics: StatisticsUpkeep;

  constructor(
    readonly kind: string,
    private readonly db: Db,
    private readonly onClose: () => Promise<void> = async () => {},
    /** The adapter's COPY loader, used by appendEvents for large batches (see copy-in.ts). */
    private readonly copyIn?: CopyIn,
    /** Inside a transaction: what the transaction carries to its end (see TransactionState). */
    private readonly tx?: TransactionState,
    watchChanges?: (onChange: (change: StoreChange) => void) => Promise<ChangeWatch>,
  ) {
    if (watchChanges !== undefined) this.watchChanges = watchChanges;
    this.statistics = tx?.statistics ?? new StatisticsUpkeep();
    this.bulk = {
      scanInteractions: (options) => scanInteractions(this.db, options),
      scanOrderAggregates: (options) => scanOrderAggregates(this.db, options),
      scanOrders: (options) => scanOrders(this.db, options),
      topItemsByNetUnits: (limit) => topItemsByNetUnits(this.db, limit),
      scanItemDemand: (options) => scanItemDemand(this.db, options),
      selectCustomers: (filter) => segmentSql.selectCustomers(this.db, filter),
      scanCampaignOutcomes: (campaignId: string, options: CampaignOutcomeOptions) =>
        campaignSql.scanCampaignOutcomes(this.db, campaignId, options),
      customersExistingAt: (at, among) => campaignSql.customersExistingAt(this.db, at, among),
      scoreModels: () => campaignSql.scoreModels(this.db),
      latestScoreAt: (models) => campaignSql.latestScoreAt(this.db, models),
      customerScores: (customerIds, models) => scoreSql.customerScores(this.db, customerIds, models),
      segmentRevenue: (options) => segmentSql.segmentRevenue(this.db, options),
      scanCustomerProfiles: (options) => scanCustomerProfiles(this.db, options),
      customerSnapshots: (customerId) => segmentSql.customerSnapshots(this.db, customerId),
      customerAssignments: (customerId) => campaignSql.customerAssignments(this.db, customerId),
      customerHoldings: () => privacySql.customerHoldings(this.db),
      inactiveCustomers: (before, options) => privacySql.inactiveCustomers(this.db, before, options),
    };
  }

  upsertCustomers(input: readonly CustomerInput[], options?: UpsertOptions): Promise<UpsertResult> {
    // In a transaction: the erasure list's lock is held until the records are written (sql-erasure.ts).
    return this.db.transaction(async (tx) => {
      const { updatedIds, ...result } = await catalogSql.upsertCustomers(tx, input, options);
      // A customer who declines analytics leaves the segments that tell their analysis (consent.ts).
      const declining = decliningAnalytics(input);
      if (declining.length > 0) await segmentSql.dropAnalyticMemberships(tx, declining);
      // Other processes serving these customers read them again (their consent may have changed); the
      // notification is delivered when the change commits (change-notify.ts).
      if (updatedIds.length > 0) await this.notify(tx, updatedIds);
      return result;
    });
  }

  getCustomer = (externalId: string) => catalogSql.getCustomer(this.db, externalId);
  getCustomers = (externalIds: readonly string[]) => catalogSql.getCustomers(this.db, externalIds);
  scanCustomers = (options?: ScanOptions) => catalogSql.scanCustomers(this.db, options);
  upsertItems = (input: readonly ItemInput[], options?: UpsertOptions) =>
    catalogSql.upsertItems(this.db, input, options);
  getItem = (sku: string) => catalogSql.getItem(this.db, sku);
  getItems = (skus: readonly string[]) => catalogSql.getItems(this.db, skus);
  scanItems = (options?: ScanOptions) => catalogSql.scanItems(this.db, options);

  /**
   * Analyzes `events` if its planner statistics are missing or stale (statistics.ts): the adapters call it
   * when they open, and every write outside a transaction, and each transaction, after it commits.
   */
  keepStatistics(): Promise<void> {
    return this.statistics.keep(this.db);
  }

  async appendEvents(events: readonly EventInput[]) {
    const result = await appendEvents(this.appendTarget(), events);
    if (this.tx === undefined) await this.keepStatistics();
    return result;
  }

  async appendEventColumns(columns: EventColumns) {
    const result = await appendEventColumns(this.appendTarget(), columns);
    if (this.tx === undefined) await this.keepStatistics();
    return result;
  }

  /** Ends the transaction's bulk load now, if one runs (BulkLoad.finish); outside a transaction nothing waits. */
  async settleDuplicates(): Promise<EventConflict[]> {
    return this.tx === undefined ? [] : await this.tx.load.finish(this.db);
  }

  private appendTarget(): AppendTarget {
    const postgres = this.kind === 'postgres';
    return {
      db: this.db,
      copyIn: this.copyIn,
      load: this.tx?.load,
      serverBuild: postgres,
      afterStored: postgres ? (db, customerIds) => this.notify(db, customerIds) : undefined,
      statistics: this.statistics,
    };
  }

  /**
   * Tells watchers (watchChanges, PostgreSQL only) that these customers changed: when the transaction
   * `db` is in commits. Inside a storage transaction, once at its end for all its writes.
   */
  private async notify(db: Db, customerIds: Iterable<string>): Promise<void> {
    if (this.kind !== 'postgres') return;
    if (this.tx !== undefined) this.tx.changes.add(customerIds);
    else await notifyCustomers(db, customerIds);
  }

  catalogVersion(): Promise<string> {
    return catalogVersion(this.db);
  }

  scanEvents(options?: EventScanOptions) {
    return scanEvents(this.db, options);
  }

  upsertScores(scores: readonly CustomerScoreInput[]) {
    return scoreSql.upsertScores(this.db, scores);
  }

  getScores(customerId: string) {
    return scoreSql.getScores(this.db, customerId);
  }

  deleteScores(model: string) {
    return scoreSql.deleteScores(this.db, model);
  }

  async deleteCustomer(externalId: string): Promise<DeletionReport> {
    if (unstorableText(externalId)) return nothingDeleted();
    // Rows a bulk load set aside go to the stage first, where the deletion removes the customer's.
    await this.tx?.load.flushAside(this.db);
    return this.db.transaction(async (tx) => {
      // First: it waits for the writes in flight, whose rows are then deleted below (sql-erasure.ts).
      await lockErasureList(tx);
      const count = async (statement: SQL) => (await query<{ one: number }>(tx, statement)).length;
      // Rejects name the customer by their external id, whether or not the store holds their record.
      const importRejects = await count(
        sql`DELETE FROM import_rejects WHERE customer_external_id = ${externalId} RETURNING 1 AS one`,
      );
      const [row] = await tx
        .select({ id: customers.id })
        .from(customers)
        .where(eq(customers.externalId, externalId));
      await eraseCustomerId(tx, externalId, row !== undefined);
      if (!row) return { ...nothingDeleted(), importRejects };
      // Derived tables first, then events, then the customer; each reports its count.
      const campaignAssignments = await count(
        sql`DELETE FROM campaign_assignments WHERE customer_id = ${row.id} RETURNING 1 AS one`,
      );
      const segmentMembers = await count(
        sql`DELETE FROM segment_members WHERE customer_id = ${row.id} RETURNING 1 AS one`,
      );
      const segmentSnapshots = await count(
        sql`DELETE FROM segment_snapshots WHERE customer_id = ${row.id} RETURNING 1 AS one`,
      );
      const scores = await count(
        sql`DELETE FROM customer_scores WHERE customer_id = ${row.id} RETURNING 1 AS one`,
      );
      await this.tx?.load.forgetDeleted(tx, externalId, row.id);
      const events = await count(sql`DELETE FROM events WHERE customer_id = ${row.id} RETURNING 1 AS one`);
      const customer = await count(sql`DELETE FROM customers WHERE id = ${row.id} RETURNING 1 AS one`);
      await this.notify(tx, [externalId]);
      return {
        customer,
        events,
        scores,
        segmentMembers,
        segmentSnapshots,
        campaignAssignments,
        importRejects,
      };
    });
  }

  restoreCustomer(externalId: string): Promise<boolean> {
    if (unstorableText(externalId)) return Promise.resolve(false);
    return restoreCustomerId(this.db, externalId);
  }

  isErased(externalId: string): Promise<boolean> {
    if (unstorableText(externalId)) return Promise.resolve(false);
    return isErased(this.db, externalId);
  }

  lastErasureAt(): Promise<Date | null> {
    return lastErasureAt(this.db);
  }

  listErasures(): Promise<ErasureEntry[]> {
    return listErasures(this.db);
  }

  async addErasures(entries: readonly ErasureEntry[]): Promise<number> {
    validateErasures(entries);
    return this.db.transaction(async (tx) => {
      await lockErasureList(tx);
      return addErasures(tx, entries);
    });
  }

  saveModel(artifact: ModelArtifactInput) {
    return models.saveModel(this.db, artifact);
  }

  loadModel(name: string, version?: number) {
    return models.loadModel(this.db, name, version);
  }

  listModels() {
    return models.listModels(this.db);
  }

  activateModel(name: string, version: number) {
    return models.activateModel(this.db, name, version);
  }

  pruneModels(name: string, keep: number, options?: PruneOptions) {
    return models.pruneModels(this.db, name, keep, options);
  }

  recordRejects(rejects: readonly ImportReject[]) {
    return rejectSql.recordRejects(this.db, rejects);
  }

  deleteRejects(options?: { source?: string }) {
    return rejectSql.deleteRejects(this.db, options?.source);
  }

  scanRejects(options?: RejectScanOptions) {
    return rejectSql.scanRejects(this.db, options);
  }

  counts() {
    return counts(this.db);
  }

  createApiKey(key: ApiKeyInput) {
    return apiKeySql.createApiKey(this.db, key);
  }

  getApiKey(keyId: string) {
    return apiKeySql.getApiKey(this.db, keyId);
  }

  listApiKeys() {
    return apiKeySql.listApiKeys(this.db);
  }

  revokeApiKey(keyId: string, at = new Date()) {
    return apiKeySql.revokeApiKey(this.db, keyId, at);
  }

  touchApiKey(keyId: string, at: Date) {
    return apiKeySql.touchApiKey(this.db, keyId, at);
  }

  upsertSegment = (segment: SegmentInput) => segmentSql.upsertSegment(this.db, segment);
  getSegment = (id: string) => segmentSql.getSegment(this.db, id);
  listSegments = () => segmentSql.listSegments(this.db);
  deleteSegment = (id: string) => segmentSql.deleteSegment(this.db, id);
  refreshSegment = (id: string, customerIds: readonly string[], asOf: Date) =>
    segmentSql.refreshSegment(this.db, id, customerIds, asOf);
  scanSegmentMembers = (id: string, options?: SegmentMemberScanOptions) =>
    segmentSql.scanSegmentMembers(this.db, id, options);
  getCustomerSegments = (customerIds: readonly string[]) =>
    segmentSql.getCustomerSegments(this.db, customerIds);
  getSegmentSnapshot = (id: string, at: Date) => segmentSql.getSegmentSnapshot(this.db, id, at);

  upsertCampaign = (c: CampaignInput) => campaignSql.upsertCampaign(this.db, c);
  getCampaign = (id: string) => campaignSql.getCampaign(this.db, id);
  listCampaigns = () => campaignSql.listCampaigns(this.db);
  setCampaignStatus = (id: string, status: CampaignStatus, at: Date) =>
    campaignSql.setCampaignStatus(this.db, id, status, at);
  recordAssignments = (rows: readonly CampaignAssignmentInput[]) =>
    campaignSql.recordAssignments(this.db, rows);
  getAssignment = (campaignId: string, customerId: string) =>
    campaignSql.getAssignment(this.db, campaignId, customerId);
  offerTimes = (customerIds: readonly string[], since: Date) =>
    campaignSql.offerTimes(this.db, customerIds, since);
  scanAssignments = (campaignId: string, options?: ScanOptions) =>
    campaignSql.scanAssignments(this.db, campaignId, options);
  campaignCost = (campaignId: string) => campaignSql.campaignCost(this.db, campaignId);
  lockCampaign = (campaignId: string) => campaignSql.lockCampaign(this.db, campaignId);

  async transaction<T>(fn: (tx: Storage) => Promise<T>, options?: TransactionOptions): Promise<T> {
    if (this.tx === undefined) {
      const readOnly = options?.readOnly === true;
      const result = await this.db.transaction(
        async (tx) => {
          const state: TransactionState = {
            load: new BulkLoad(this.kind === 'postgres'),
            changes: new PendingChanges(),
            statistics: this.statistics,
          };
          const result = await fn(new SqlStorage(this.kind, tx, undefined, this.copyIn, state));
          // Both do nothing when nothing was written (as in a read-only transaction).
          await state.load.finish(tx);
          await state.changes.flush(tx);
          return result;
        },
        // One snapshot for every read; PostgreSQL refuses a write ("cannot execute ... in a read-only transaction").
        readOnly ? { isolationLevel: 'repeatable read', accessMode: 'read only' } : undefined,
      );
      if (!readOnly) await this.keepStatistics();
      return result;
    }
    // A nested transaction (a savepoint) shares the outermost one's state: the bulk load, which builds
    // the indexes last (if the savepoint rolls back, the load forgets what it did), and the changes.
    const state = this.tx;
    // Rows the load set aside go to the stage first, so that a rollback takes only what it did.
    await state.load.flushAside(this.db);
    const mark = state.load.mark();
    try {
      return await this.db.transaction((tx) =>
        fn(new SqlStorage(this.kind, tx, undefined, this.copyIn, state)),
      );
    } catch (error) {
      state.load.undo(mark);
      throw error;
    }
  }

  close(): Promise<void> {
    return this.onClose();
  }
}
