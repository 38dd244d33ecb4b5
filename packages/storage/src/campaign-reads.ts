/**
 * Bulk reads of campaigns: a campaign's assignments with the purchases attributed to each, one model's
 * scores for many customers, the customers existing at an instant and the names of the stored scores; served
 * by the store when it offers the fast path (SQL), otherwise read here from the required methods, with the
 * same result.
 */
import type { CampaignOutcomeBatch, CampaignOutcomeOptions } from './campaign-types.js';
import { customerScores } from './customer-reads.js';
import type { CustomerScore, Storage } from './types.js';
import { batchSizeOf, StorageInputError } from './validate.js';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Assignments in customer-id order with the purchase lines in (assignedAt, assignedAt + window] (and before
 * `until`), in time order: the input of attribution (`attributeConversions` in @storewise/core).
 */
export async function* scanCampaignOutcomes(
  storage: Storage,
  campaignId: string,
  options: CampaignOutcomeOptions,
): AsyncIterable<CampaignOutcomeBatch> {
  if (!(options.window > 0))
    throw new StorageInputError('outcome options', 'window', `must be > 0, got ${options.window}`);
  if (storage.bulk.scanCampaignOutcomes) {
    yield* storage.bulk.scanCampaignOutcomes(campaignId, options);
    return;
  }
  const size = batchSizeOf(options);
  for await (const assignments of storage.scanAssignments(campaignId, { batchSize: size })) {
    const offsets = new Int32Array(assignments.length + 1);
    const times: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < assignments.length; i++) {
      const a = assignments[i]!;
      const from = a.assignedAt.getTime();
      let until = from + options.window + 1;
      if (options.until) until = Math.min(until, options.until.getTime());
      // scanEvents' since is inclusive: the purchase at exactly assignedAt is dropped below.
      const scan = storage.scanEvents({
        customerId: a.customerId,
        types: ['purchase'],
        since: new Date(from),
        until: new Date(until),
      });
      for await (const events of scan)
        for (const e of events) {
          if (e.timestamp.getTime() <= from) continue;
          times.push(e.timestamp.getTime());
          values.push((e.quantity ?? 1) * (e.unitPrice ?? 0));
        }
      offsets[i + 1] = times.length;
    }
    yield {
      assignments,
      purchaseOffsets: offsets,
      purchaseTime: Float64Array.from(times),
      purchaseValue: Float64Array.from(values),
    };
  }
}

/** One model's score per customer, in the order of `customerIds` (null for a customer without one). */
export async function modelScores(
  storage: Storage,
  model: string,
  customerIds: readonly string[],
): Promise<(number | null)[]> {
  const scores = await customerScores(storage, customerIds, [model]);
  return scores.map((list) => list[0]?.score ?? null);
}

/** Customers asked about one by one (an offer): below this many, each is looked up instead of a scan of all. */
const FEW = 20;

/**
 * External ids of the customers who existed at `at`, sorted (code units): those with an event at or before
 * `at`, or whose record was stored at or before `at` (`createdAt`, compared to the millisecond). A replay at
 * a past instant decides only for them: a customer whose first event is later was not a customer yet (a
 * record imported today with the events of 2011 exists from its first event on). Only among `among` when
 * given.
 */
export async function customersExistingAt(
  storage: Storage,
  at: Date,
  among?: readonly string[],
): Promise<string[]> {
  if (among !== undefined && among.length === 0) return [];
  if (storage.bulk.customersExistingAt) return storage.bulk.customersExistingAt(at, among);
  const t = at.getTime();
  // scanEvents' `until` is exclusive: an event at `at` itself counts.
  const through = new Date(t + 1);
  const out = new Set<string>();
  if (among !== undefined && among.length <= FEW) {
    const customers = await storage.getCustomers(among);
    for (const c of customers) {
      if (!c) continue;
      if (c.createdAt.getTime() <= t) {
        out.add(c.externalId);
        continue;
      }
      for await (const batch of storage.scanEvents({
        customerId: c.externalId,
        until: through,
        batchSize: 1,
      })) {
        if (batch.length > 0) out.add(c.externalId);
        break;
      }
    }
  } else {
    const wanted = among === undefined ? null : new Set(among);
    const known = new Set<string>();
    for await (const batch of storage.scanCustomers({ batchSize: 10_000 }))
      for (const c of batch) {
        if (wanted && !wanted.has(c.externalId)) continue;
        known.add(c.externalId);
        if (c.createdAt.getTime() <= t) out.add(c.externalId);
      }
    for await (const batch of storage.scanEvents({ until: through, batchSize: 10_000 }))
      for (const e of batch) if (e.customerId !== null && known.has(e.customerId)) out.add(e.customerId);
  }
  return [...out].sort(byCodeUnit);
}

/**
 * Every stored score (of `models`, when given), customer by customer through the required methods: the
 * fallback of the bulk reads below for an adapter without them.
 */
async function* everyScore(storage: Storage, models?: readonly string[]): AsyncIterable<CustomerScore> {
  for await (const batch of storage.scanCustomers({ batchSize: 1000 }))
    for (const scores of await customerScores(
      storage,
      batch.map((c) => c.externalId),
      models,
    ))
      yield* scores;
}

/**
 * The latest `computedAt` among the stored scores of `models` (of any customer), null when none is stored:
 * whether a run of analytics as of an earlier date would replace nothing (a stored score is replaced only by
 * one computed as of the same date or later).
 */
export async function latestScoreAt(storage: Storage, models: readonly string[]): Promise<Date | null> {
  if (models.length === 0) return null;
  if (storage.bulk.latestScoreAt) return storage.bulk.latestScoreAt(models);
  let latest: number | null = null;
  for await (const s of everyScore(storage, models))
    if (latest === null || s.computedAt.getTime() > latest) latest = s.computedAt.getTime();
  return latest === null ? null : new Date(latest);
}

/** The model names of the stored scores (of any customer), sorted: what a campaign's score may name. */
export async function scoreModels(storage: Storage): Promise<string[]> {
  if (storage.bulk.scoreModels) return storage.bulk.scoreModels();
  const names = new Set<string>();
  for await (const s of everyScore(storage)) names.add(s.model);
  return [...names].sort(byCodeUnit);
}
