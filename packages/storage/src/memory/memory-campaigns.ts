/** Campaigns and their assignments for the memory adapter (same behaviour as ../sql/sql-campaigns.ts). */
import type {
  Campaign,
  CampaignAssignment,
  CampaignAssignmentInput,
  CampaignInput,
  CampaignStatus,
} from '../campaign-types.js';
import { validateAssignments, validateCampaign, validateStatus } from '../campaign-validate.js';
import {
  couponTaken,
  unknownAssignmentCampaign,
  unknownCampaign,
  unknownCustomer,
} from '../storage-errors.js';
import type { MemoryState } from './state.js';

export interface AssignmentRecord {
  customerIndex: number;
  arm: string | null;
  holdout: boolean;
  reason: Record<string, unknown>;
  couponCode: string | null;
  cost: number;
  assignedAt: Date;
}

export interface CampaignRecord {
  campaign: Campaign;
  /** customer index -> assignment */
  assignments: Map<number, AssignmentRecord>;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function getCampaign(s: MemoryState, id: string): Campaign | null {
  const r = s.campaigns.get(id);
  return r ? structuredClone(r.campaign) : null;
}

export function listCampaigns(s: MemoryState): Campaign[] {
  return [...s.campaigns.keys()].sort(byCodeUnit).map((id) => getCampaign(s, id)!);
}

export function upsertCampaign(s: MemoryState, c: CampaignInput): Campaign {
  validateCampaign(c);
  const fields = {
    name: c.name,
    definition: structuredClone(c.definition),
    startsAt: c.startsAt ?? null,
    endsAt: c.endsAt ?? null,
  };
  const existing = s.campaigns.get(c.id);
  if (existing) {
    s.patch(existing, { campaign: { ...existing.campaign, ...fields } });
  } else {
    const campaign: Campaign = {
      id: c.id,
      status: 'draft',
      ...fields,
      createdAt: new Date(),
      startedAt: null,
      stoppedAt: null,
    };
    s.campaigns.set(c.id, { campaign, assignments: new Map() });
    s.onUndo(() => s.campaigns.delete(c.id));
  }
  return getCampaign(s, c.id)!;
}

export function setCampaignStatus(s: MemoryState, id: string, status: CampaignStatus, at: Date): Campaign {
  validateStatus(id, status, at);
  const r = s.campaigns.get(id);
  if (!r) throw unknownCampaign(id);
  const c = r.campaign;
  s.patch(r, {
    campaign: {
      ...c,
      status,
      startedAt: status === 'running' ? (c.startedAt ?? at) : c.startedAt,
      stoppedAt: status === 'stopped' ? at : null,
    },
  });
  return getCampaign(s, id)!;
}

function toAssignment(s: MemoryState, campaignId: string, a: AssignmentRecord): CampaignAssignment {
  return {
    campaignId,
    customerId: s.customerByIndex.get(a.customerIndex)!.externalId,
    arm: a.arm,
    holdout: a.holdout,
    reason: structuredClone(a.reason),
    couponCode: a.couponCode,
    cost: a.cost,
    assignedAt: new Date(a.assignedAt),
  };
}

export function recordAssignments(
  s: MemoryState,
  input: readonly CampaignAssignmentInput[],
): CampaignAssignment[] {
  validateAssignments(input);
  input.forEach((a) => {
    if (!s.campaigns.has(a.campaignId)) throw unknownAssignmentCampaign(a.campaignId);
  });
  input.forEach((a) => {
    if (!s.customers.has(a.customerId)) throw unknownCustomer('assignments', a.customerId);
  });
  const added: [CampaignRecord, number, string | null][] = [];
  const undo = () => {
    for (const [r, index, code] of added) {
      r.assignments.delete(index);
      if (code !== null) s.coupons.delete(code);
    }
  };
  const out: CampaignAssignment[] = [];
  try {
    input.forEach((a, k) => {
      const r = s.campaigns.get(a.campaignId)!;
      const index = s.customers.get(a.customerId)!.index;
      let stored = r.assignments.get(index);
      if (!stored) {
        const code = a.couponCode ?? null;
        if (code !== null && s.coupons.has(code)) throw couponTaken(k, code);
        stored = {
          customerIndex: index,
          arm: a.arm,
          holdout: a.holdout,
          reason: structuredClone(a.reason),
          couponCode: code,
          cost: a.cost ?? 0,
          assignedAt: new Date(a.assignedAt),
        };
        r.assignments.set(index, stored);
        if (code !== null) s.coupons.add(code);
        added.push([r, index, code]);
      }
      out.push(toAssignment(s, a.campaignId, stored));
    });
  } catch (error) {
    undo();
    throw error;
  }
  s.onUndo(undo);
  return out;
}

export function getAssignment(
  s: MemoryState,
  campaignId: string,
  customerId: string,
): CampaignAssignment | null {
  const r = s.campaigns.get(campaignId);
  const c = s.customers.get(customerId);
  const a = r && c ? r.assignments.get(c.index) : undefined;
  return a ? toAssignment(s, campaignId, a) : null;
}

export function offerTimes(s: MemoryState, customerIds: readonly string[], since: Date): Date[][] {
  return customerIds.map((id) => {
    const c = s.customers.get(id);
    if (!c) return [];
    const times: number[] = [];
    for (const r of s.campaigns.values()) {
      const a = r.assignments.get(c.index);
      if (a && a.arm !== null && a.assignedAt.getTime() >= since.getTime())
        times.push(a.assignedAt.getTime());
    }
    return times.sort((x, y) => x - y).map((t) => new Date(t));
  });
}

/** The campaign's assignments in customer-id order. */
export function campaignAssignments(s: MemoryState, campaignId: string): CampaignAssignment[] {
  const r = s.campaigns.get(campaignId);
  if (!r) return [];
  return [...r.assignments.values()]
    .map((a) => toAssignment(s, campaignId, a))
    .sort((x, y) => byCodeUnit(x.customerId, y.customerId));
}

export function campaignCost(s: MemoryState, campaignId: string): number {
  let total = 0;
  for (const a of s.campaigns.get(campaignId)?.assignments.values() ?? []) total += a.cost;
  return total;
}

/** Removes a deleted customer's assignments from every campaign; returns how many. */
export function forgetCustomerAssignments(s: MemoryState, index: number): number {
  let removed = 0;
  for (const r of s.campaigns.values()) {
    const a = r.assignments.get(index);
    if (!a) continue;
    r.assignments.delete(index);
    if (a.couponCode !== null) s.coupons.delete(a.couponCode);
    removed++;
    s.onUndo(() => {
      r.assignments.set(index, a);
      if (a.couponCode !== null) s.coupons.add(a.couponCode);
    });
  }
  return removed;
}
