import {
  type CustomerFacts,
  declines,
  filterReferences,
  matchesSegmentFilter,
  type SegmentFilter,
  type SegmentRefreshResult,
  type Storage,
  validateSegmentFilter,
} from '@storewise/storage';
import { reservedSegmentPrefix } from './segment-memberships.js';

/**
 * Customers matching a rule filter (sorted by id): evaluated by the store when it offers
 * `bulk.selectCustomers` (SQL), otherwise in memory (`selectCustomersInMemory`). The filter is validated first.
 */
export async function selectCustomers(storage: Storage, filter: unknown): Promise<string[]> {
  const valid = validateSegmentFilter(filter);
  if (storage.bulk.selectCustomers) return storage.bulk.selectCustomers(valid);
  return selectCustomersInMemory(storage, valid);
}

/**
 * The in-memory evaluation (fallback and oracle): scans customers, reads the scores of each (only when the
 * filter names a score) and the members of the segments the filter names.
 */
export async function selectCustomersInMemory(storage: Storage, filter: SegmentFilter): Promise<string[]> {
  const refs = filterReferences(filter);
  const memberOf = new Map<string, Set<string>>();
  const segmentIds = refs.anySegment ? (await storage.listSegments()).map((s) => s.id) : [...refs.segments];
  for (const id of segmentIds)
    for await (const batch of storage.scanSegmentMembers(id, { batchSize: 10_000 }))
      for (const m of batch) memberOf.set(m.customerId, (memberOf.get(m.customerId) ?? new Set()).add(id));
  const none = new Set<string>();
  const noScores = new Map<string, number>();
  const out: string[] = [];
  for await (const batch of storage.scanCustomers({ batchSize: 10_000 })) {
    for (const c of batch) {
      let scores: Map<string, number> = noScores;
      // A customer who declined analytics has no scores to match: the stored ones are not served.
      if (refs.models.size > 0 && !declines(c.consent, 'analytics')) {
        scores = new Map();
        for (const s of await storage.getScores(c.externalId))
          if (refs.models.has(s.model)) scores.set(s.model, s.score);
      }
      const facts: CustomerFacts = {
        customerId: c.externalId,
        country: c.country,
        attributes: c.attributes,
        scores,
        segments: memberOf.get(c.externalId) ?? none,
      };
      if (matchesSegmentFilter(filter, facts)) out.push(c.externalId);
    }
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Stores a rule segment (validating its filter) and refreshes its members as of `asOf`. It refuses to
 * create one under an id reserved for customer analytics (reservedSegmentPrefix) or to turn an RFM or
 * cluster segment into a rule; a rule segment stored there earlier is still refreshed.
 */
export async function refreshRuleSegment(
  storage: Storage,
  segment: { id: string; name: string; filter: unknown },
  asOf: Date = new Date(),
): Promise<SegmentRefreshResult> {
  const reserved = reservedSegmentPrefix(segment.id);
  if (reserved !== null && (await storage.getSegment(segment.id))?.kind !== 'rule')
    throw new Error(
      `segment id "${segment.id}" starts with ${reserved}, which is reserved for the segments customer analytics stores; choose another id`,
    );
  const filter = validateSegmentFilter(segment.filter);
  const members = await selectCustomers(storage, filter);
  await storage.upsertSegment({ id: segment.id, name: segment.name, kind: 'rule', definition: { filter } });
  return storage.refreshSegment(segment.id, members, asOf);
}
