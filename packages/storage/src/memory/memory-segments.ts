/** Segments, memberships and their history for the memory adapter (same behaviour as ../sql/sql-segments.ts). */

import { analyticSegmentIds } from '../consent.js';
import { unknownCustomer, unknownSegment } from '../storage-errors.js';
import type {
  CustomerSegment,
  Segment,
  SegmentInput,
  SegmentKind,
  SegmentMember,
  SegmentRefreshResult,
  SegmentSnapshot,
} from '../types.js';
import { validateRefresh, validateSegment } from '../validate.js';
import type { MemoryState } from './state.js';

export interface SegmentRecord {
  id: string;
  name: string;
  kind: SegmentKind;
  definition: Record<string, unknown>;
  createdAt: Date;
  refreshedAt: Date | null;
  /** customer index -> since */
  members: Map<number, Date>;
  /** as-of (ms) -> customer indices of that refresh */
  refreshes: Map<number, number[]>;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function toSegment(r: SegmentRecord): Segment {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    definition: structuredClone(r.definition),
    createdAt: r.createdAt,
    refreshedAt: r.refreshedAt,
    members: r.members.size,
  };
}

export function upsertSegment(s: MemoryState, input: SegmentInput): Segment {
  validateSegment(input);
  const existing = s.segments.get(input.id);
  const definition = structuredClone(input.definition ?? {});
  if (existing) {
    s.patch(existing, { name: input.name, kind: input.kind, definition });
    return toSegment(existing);
  }
  const record: SegmentRecord = {
    id: input.id,
    name: input.name,
    kind: input.kind,
    definition,
    createdAt: new Date(),
    refreshedAt: null,
    members: new Map(),
    refreshes: new Map(),
  };
  s.segments.set(input.id, record);
  s.onUndo(() => s.segments.delete(input.id));
  return toSegment(record);
}

export function getSegment(s: MemoryState, id: string): Segment | null {
  const r = s.segments.get(id);
  return r ? toSegment(r) : null;
}

export function listSegments(s: MemoryState): Segment[] {
  return [...s.segments.values()].sort((a, b) => byCodeUnit(a.id, b.id)).map(toSegment);
}

export function deleteSegment(s: MemoryState, id: string): boolean {
  const r = s.segments.get(id);
  if (!r) return false;
  s.segments.delete(id);
  s.onUndo(() => s.segments.set(id, r));
  return true;
}

export function refreshSegment(
  s: MemoryState,
  id: string,
  customerIds: readonly string[],
  asOf: Date,
): SegmentRefreshResult {
  const ids = validateRefresh(id, customerIds, asOf);
  const r = s.segments.get(id);
  if (!r) throw unknownSegment(id);
  const indices: number[] = [];
  for (const c of ids) {
    const customer = s.customers.get(c);
    if (!customer) throw unknownCustomer('customerIds', c);
    indices.push(customer.index);
  }
  const before = { members: r.members, refreshes: r.refreshes, refreshedAt: r.refreshedAt };
  const refreshes = new Map(r.refreshes);
  refreshes.set(asOf.getTime(), indices);
  if (r.refreshedAt !== null && asOf.getTime() < r.refreshedAt.getTime()) {
    Object.assign(r, { refreshes });
    s.onUndo(() => Object.assign(r, before));
    return { segmentId: id, asOf, added: 0, removed: 0, members: indices.length, current: false };
  }
  const members = new Map<number, Date>();
  let added = 0;
  for (const i of indices) {
    const since = r.members.get(i);
    if (since === undefined) added++;
    members.set(i, since ?? asOf);
  }
  const removed = r.members.size - (indices.length - added);
  Object.assign(r, { members, refreshes, refreshedAt: asOf });
  s.onUndo(() => Object.assign(r, before));
  return { segmentId: id, asOf, added, removed, members: indices.length, current: true };
}

export function segmentMembers(s: MemoryState, id: string, after = ''): SegmentMember[] {
  const r = s.segments.get(id);
  if (!r) return [];
  return [...r.members]
    .map(([i, since]) => ({ customerId: s.customerByIndex.get(i)!.externalId, since }))
    .filter((m) => m.customerId > after)
    .sort((a, b) => byCodeUnit(a.customerId, b.customerId));
}

export function getCustomerSegments(s: MemoryState, customerIds: readonly string[]): CustomerSegment[][] {
  const sorted = [...s.segments.values()].sort((a, b) => byCodeUnit(a.id, b.id));
  return customerIds.map((id) => {
    const c = s.customers.get(id);
    if (!c) return [];
    const out: CustomerSegment[] = [];
    for (const r of sorted) {
      const since = r.members.get(c.index);
      if (since !== undefined) out.push({ segmentId: r.id, since });
    }
    return out;
  });
}

export function getSegmentSnapshot(s: MemoryState, id: string, at: Date): SegmentSnapshot | null {
  const r = s.segments.get(id);
  if (!r) return null;
  let best = Number.NEGATIVE_INFINITY;
  for (const t of r.refreshes.keys()) if (t <= at.getTime() && t > best) best = t;
  if (best === Number.NEGATIVE_INFINITY) return null;
  const customerIds = r.refreshes
    .get(best)!
    .map((i) => s.customerByIndex.get(i)!.externalId)
    .sort(byCodeUnit);
  return { segmentId: id, asOf: new Date(best), customerIds };
}

/** Takes the customers `externalIds` out of every segment that tells their analysis (as sql-segments.ts). */
export function dropAnalyticMemberships(s: MemoryState, externalIds: readonly string[]): void {
  const analytic = analyticSegmentIds([...s.segments.values()]);
  for (const id of analytic) {
    const r = s.segments.get(id)!;
    const before = r.members;
    let members: Map<number, Date> | null = null;
    for (const externalId of externalIds) {
      const index = s.customers.get(externalId)?.index;
      if (index === undefined || !r.members.has(index)) continue;
      members ??= new Map(r.members);
      members.delete(index);
    }
    if (members !== null) {
      r.members = members;
      s.onUndo(() => {
        r.members = before;
      });
    }
  }
}

/** Removes a deleted customer from every segment and snapshot; returns the counts removed. */
export function forgetCustomer(
  s: MemoryState,
  index: number,
): { segmentMembers: number; segmentSnapshots: number } {
  let segmentMembers = 0;
  let segmentSnapshots = 0;
  for (const r of s.segments.values()) {
    const before = { members: r.members, refreshes: r.refreshes };
    let touched = false;
    if (r.members.has(index)) {
      const members = new Map(r.members);
      members.delete(index);
      r.members = members;
      segmentMembers++;
      touched = true;
    }
    const refreshes = new Map<number, number[]>();
    for (const [t, list] of r.refreshes) {
      const kept = list.filter((i) => i !== index);
      segmentSnapshots += list.length - kept.length;
      if (kept.length !== list.length) touched = true;
      refreshes.set(t, kept);
    }
    if (touched) {
      r.refreshes = refreshes;
      s.onUndo(() => Object.assign(r, before));
    }
  }
  return { segmentMembers, segmentSnapshots };
}
