/**
 * Deleting a customer from the memory adapter: their campaign assignments, segment memberships and
 * snapshots, scores and events, then the customer, reporting the count per table. A synchronous function
 * of the state that records its undo action; the adapter runs it under its write lock.
 */
import { nothingDeleted } from '../deletion.js';
import { erasureHash } from '../erasure.js';
import type { DeletionReport, ErasureEntry } from '../types.js';
import { unstorableText } from '../validate.js';
import { forgetCustomerAssignments } from './memory-campaigns.js';
import { forgetCustomerRejects } from './memory-registry.js';
import { forgetCustomer } from './memory-segments.js';
import type { MemoryState } from './state.js';

export function deleteCustomer(s: MemoryState, externalId: string): DeletionReport {
  // A key no adapter stores (validate.ts) names no one, now or later.
  if (unstorableText(externalId)) return nothingDeleted();
  // Rejects name the customer by their id, whether or not the store holds their record.
  const importRejects = forgetCustomerRejects(s, externalId);
  const c = s.customers.get(externalId);
  eraseCustomerId(s, externalId, c !== undefined);
  if (!c) return { ...nothingDeleted(), importRejects };
  const campaignAssignments = forgetCustomerAssignments(s, c.index);
  const memberships = forgetCustomer(s, c.index);
  const scores = s.scores.get(c.index);
  const removed = s.eventsByCustomer.get(c.index) ?? [];
  const keptEvents = removed.length > 0 ? s.events.filter((e) => e.customerIndex !== c.index) : s.events;
  const allEvents = s.events;
  s.events = keptEvents;
  s.eventsByCustomer.delete(c.index);
  for (const e of removed) s.eventIds.delete(e.eventId);
  s.scores.delete(c.index);
  s.customers.delete(externalId);
  s.customerByIndex.delete(c.index);
  const factsAt = s.factsAt.get(`c:${externalId}`);
  s.factsAt.delete(`c:${externalId}`);
  s.sorted = null;
  s.onUndo(() => {
    if (factsAt !== undefined) s.factsAt.set(`c:${externalId}`, factsAt);
    s.events = allEvents;
    if (removed.length > 0) s.eventsByCustomer.set(c.index, removed);
    for (const e of removed) s.eventIds.set(e.eventId, e);
    if (scores) s.scores.set(c.index, scores);
    s.customers.set(externalId, c);
    s.customerByIndex.set(c.index, c);
    s.sorted = null;
  });
  return {
    customer: 1,
    events: removed.length,
    scores: scores?.size ?? 0,
    ...memberships,
    campaignAssignments,
    importRejects,
  };
}

/**
 * Puts `externalId` on the erasure list (../erasure.ts), recording whether the store `held` their record;
 * on it already, only an erasure that held them moves its time (as SQL's eraseCustomerId). Undone with the
 * transaction.
 */
function eraseCustomerId(s: MemoryState, externalId: string, held: boolean): void {
  const hash = erasureHash(externalId);
  const before = s.erased.get(hash);
  if (before !== undefined && !held) return;
  s.erased.set(hash, { at: new Date(), held });
  s.onUndo(() => (before === undefined ? s.erased.delete(hash) : s.erased.set(hash, before)));
}

/** Takes `externalId` off the erasure list; whether it was on it. */
export function restoreCustomer(s: MemoryState, externalId: string): boolean {
  const hash = erasureHash(externalId);
  const listed = s.erased.get(hash);
  if (listed === undefined) return false;
  s.erased.delete(hash);
  s.onUndo(() => s.erased.set(hash, listed));
  return true;
}

/** The ids among `externalIds` that are on the erasure list. */
export function erasedAmong(s: MemoryState, externalIds: Iterable<string>): Set<string> {
  const erased = new Set<string>();
  if (s.erased.size === 0) return erased;
  for (const id of externalIds) if (s.erased.has(erasureHash(id))) erased.add(id);
  return erased;
}

/** When the latest customer on the erasure list whose record was held was put on it (null: none). */
export function lastErasureAt(s: MemoryState): Date | null {
  let latest: Date | null = null;
  for (const { at, held } of s.erased.values()) if (held && (latest === null || at > latest)) latest = at;
  return latest;
}

/** Every entry of the erasure list, by hash. */
export function listErasures(s: MemoryState): ErasureEntry[] {
  return [...s.erased]
    .map(([idHash, { at, held }]) => ({ idHash, erasedAt: new Date(at), held }))
    .sort((a, b) => (a.idHash < b.idHash ? -1 : a.idHash > b.idHash ? 1 : 0));
}

/** Puts entries on the erasure list (Storage.addErasures, as SQL's addErasures); how many were not on it. */
export function addErasures(s: MemoryState, entries: readonly ErasureEntry[]): number {
  let added = 0;
  for (const { idHash, erasedAt, held } of entries) {
    const before = s.erased.get(idHash);
    if (before === undefined) added++;
    const at = before === undefined || erasedAt > before.at ? new Date(erasedAt) : before.at;
    s.erased.set(idHash, { at, held: held || (before?.held ?? false) });
    s.onUndo(() => (before === undefined ? s.erased.delete(idHash) : s.erased.set(idHash, before)));
  }
  return added;
}
