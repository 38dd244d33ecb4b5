/**
 * The drizzle schema of a shop: customers, items, events, per-customer scores, model artifacts, import
 * rejects, API keys, segments and campaigns. Migrations in ../../drizzle are generated from this file with
 * `pnpm db:generate` (drizzle-kit) and applied when a storage opens.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { type Attributes, CAMPAIGN_STATUSES, type ConsentFlags, EVENT_TYPES } from '../types.js';

/**
 * Text compared byte by byte (`COLLATE "C"`), for opaque ids: the unique index on event ids is then
 * built and probed with memcmp and abbreviated keys instead of the database's locale rules (a server
 * whose default collation is C.UTF-8 or en_US sorts with strcoll: 966 ms against 437 ms to build that
 * index over Online Retail's 535,303 ids, docs/benchmarks/import.md). Equality, which is all the ids
 * need, is the same under any deterministic collation.
 */
const byteOrderText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) =>
    typeof Buffer === 'undefined' ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
/**
 * When the stored facts held (ItemInput.asOf: an event's time, or the time of an upsert without one); null
 * for rows stored before it was kept. Facts older than this only fill empty fields.
 */
const factsAt = () => timestamp('facts_at', { withTimezone: true });

export const eventType = pgEnum('event_type', EVENT_TYPES);

export const customers = pgTable('customers', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  externalId: text('external_id').notNull().unique(),
  country: text('country'),
  attributes: jsonb('attributes').$type<Attributes>().notNull().default({}),
  consent: jsonb('consent').$type<ConsentFlags>().notNull().default({}),
  factsAt: factsAt(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const items = pgTable('items', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  sku: text('sku').notNull().unique(),
  title: text('title'),
  categoryPath: text('category_path').array().notNull().default(sql`'{}'::text[]`),
  price: doublePrecision('price'),
  currency: text('currency'),
  stock: integer('stock'),
  attributes: jsonb('attributes').$type<Attributes>().notNull().default({}),
  factsAt: factsAt(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const events = pgTable(
  'events',
  {
    // The client's id is the key (idempotent appends look it up). seq, unique by its generation (a bulk
    // load takes its numbers from the same sequence, bulk-load.ts), orders events with equal times; a key
    // of its own would be a fourth index to build and maintain (an import of Online Retail was 0.1-0.6 s
    // faster without it, docs/benchmarks/import.md).
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    eventId: byteOrderText('event_id').primaryKey(),
    type: eventType('type').notNull(),
    // No foreign keys here, on purpose: checking two per row took about 40% of a bulk import's database
    // time (docs/benchmarks/import.md). The storage layer is the only writer: appendEvents resolves both
    // ids by a join in the same statement, and deleteCustomer removes a customer's events first.
    customerId: integer('customer_id'),
    itemId: integer('item_id'),
    ts: timestamp('ts', { withTimezone: true }).notNull(),
    quantity: doublePrecision('quantity'),
    unitPrice: doublePrecision('unit_price'),
    rating: doublePrecision('rating'),
    query: text('query'),
    sessionId: text('session_id'),
    orderId: text('order_id'),
  },
  (t) => [
    index('events_ts_seq_idx').on(t.ts, t.seq),
    // Anonymous events are never looked up by customer: left out, the index is smaller, quicker to build
    // and not written for them. Every read by customer (=, IN, ranges) implies customer_id IS NOT NULL.
    index('events_customer_ts_idx').on(t.customerId, t.ts, t.seq).where(sql`${t.customerId} IS NOT NULL`),
  ],
);

export const customerScores = pgTable(
  'customer_scores',
  {
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    model: text('model').notNull(),
    score: doublePrecision('score').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.model] })],
);

export const modelArtifacts = pgTable(
  'model_artifacts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull().default({}),
    /** The artifact's length; its bytes are in model_artifact_parts. */
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    createdAt: createdAt(),
    active: boolean('active').notNull().default(false),
  },
  (t) => [uniqueIndex('model_artifacts_name_version_idx').on(t.name, t.version)],
);

/**
 * An artifact's bytes in parts of at most ARTIFACT_PART_BYTES (sql-models.ts), in order: one bytea value
 * holds at most 1 GB, and the drivers pass bytea as hex text, which a JavaScript string holds only up to
 * 512 MB (a model of 268 MB could be saved but not read back on PostgreSQL, nor saved in PGlite).
 */
export const modelArtifactParts = pgTable(
  'model_artifact_parts',
  {
    artifactId: integer('artifact_id')
      .notNull()
      .references(() => modelArtifacts.id, { onDelete: 'cascade' }),
    part: integer('part').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.artifactId, t.part] })],
);

export const importRejects = pgTable(
  'import_rejects',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    source: text('source').notNull(),
    line: integer('line').notNull(),
    field: text('field').notNull(),
    reason: text('reason').notNull(),
    raw: text('raw').notNull(),
    createdAt: createdAt(),
    /** The external id of the customer the row names, when it was read (ImportReject.customerId); not a key of `customers`: a customer all of whose rows were refused is not stored. */
    customerExternalId: text('customer_external_id'),
  },
  (t) => [
    uniqueIndex('import_rejects_source_line_field_idx').on(t.source, t.line, t.field),
    // deleteCustomer and a customer's export find their rejects by it.
    index('import_rejects_customer_idx')
      .on(t.customerExternalId)
      .where(sql`${t.customerExternalId} IS NOT NULL`),
  ],
);

export const apiKeys = pgTable('api_keys', {
  keyId: text('key_id').primaryKey(),
  secretHash: text('secret_hash').notNull(),
  scopes: text('scopes').array().notNull(),
  label: text('label'),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
});

/** Customer segments (RFM segments, clusters, rule segments); `definition` is the kind's own JSON. */
export const segments = pgTable('segments', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  definition: jsonb('definition').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }),
});

/** Current members of each segment, since when (kept across refreshes while the customer stays in). */
export const segmentMembers = pgTable(
  'segment_members',
  {
    segmentId: text('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    since: timestamp('since', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.segmentId, t.customerId] }),
    index('segment_members_customer_idx').on(t.customerId),
  ],
);

/** Members of each segment at every refresh (its as-of date): the history that migration reports read. */
export const segmentSnapshots = pgTable(
  'segment_snapshots',
  {
    segmentId: text('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    asOf: timestamp('as_of', { withTimezone: true }).notNull(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
  },
  (t) => [
    primaryKey({ columns: [t.segmentId, t.asOf, t.customerId] }),
    index('segment_snapshots_customer_idx').on(t.customerId),
  ],
);

/** Every refresh of a segment: its as-of date and member count (also refreshes that left it empty). */
export const segmentRefreshes = pgTable(
  'segment_refreshes',
  {
    segmentId: text('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    asOf: timestamp('as_of', { withTimezone: true }).notNull(),
    members: integer('members').notNull(),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.asOf] })],
);

export const campaignStatus = pgEnum('campaign_status', CAMPAIGN_STATUSES);

/** Campaigns: `definition` is the engine's JSON (audience, arms, policy, holdout, caps, budget, window, trigger). */
export const campaigns = pgTable('campaigns', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  status: campaignStatus('status').notNull().default('draft'),
  definition: jsonb('definition').$type<Record<string, unknown>>().notNull().default({}),
  startsAt: timestamp('starts_at', { withTimezone: true }),
  endsAt: timestamp('ends_at', { withTimezone: true }),
  createdAt: createdAt(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  stoppedAt: timestamp('stopped_at', { withTimezone: true }),
});

/**
 * One row per campaign and customer (sticky): the arm (null for no offer), whether held out, the policy's
 * reason, the coupon code (unique across campaigns) and the cost counted against the budget. Conversions are
 * read from the events at report time. deleteCustomer removes a customer's rows first (and reports them).
 */
export const campaignAssignments = pgTable(
  'campaign_assignments',
  {
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    arm: text('arm'),
    holdout: boolean('holdout').notNull(),
    reason: jsonb('reason').$type<Record<string, unknown>>().notNull().default({}),
    couponCode: text('coupon_code').unique(),
    cost: doublePrecision('cost').notNull().default(0),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.customerId] }),
    index('campaign_assignments_customer_idx').on(t.customerId, t.assignedAt),
  ],
);

/**
 * Customers erased by deleteCustomer, as the SHA-256 of their external id's UTF-8 bytes (not the ids in clear;
 * anyone holding an id can check it, which is what it is for, and guessable ids can be found by trying). Events and records naming them
 * are not stored again until restoreCustomer lifts it (erasure.ts).
 */
export const erasedCustomers = pgTable('erased_customers', {
  idHash: bytea('id_hash').primaryKey(),
  erasedAt: timestamp('erased_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * Whether the store held the customer's record when they were erased: only such an erasure removed rows a
   * model may have been trained on (lastErasureAt). True for the erasures before the column was added (not
   * known then: counted, as they were).
   */
  held: boolean('held').notNull().default(true),
});
