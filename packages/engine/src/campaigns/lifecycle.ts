/**
 * The engine API of campaigns: create (validate and store a draft), start (assign the audience now, unless
 * the campaign waits for a trigger), stop, and the offer for one customer (sticky). Every function takes the
 * time `now`, so that a campaign can be replayed on past data (the demo shop is from 2011).
 */
import {
  type Campaign,
  type CampaignAssignment,
  customersExistingAt,
  declines,
  roundToCents,
  type Storage,
} from '@storewise/storage';
import { type AssignOutcome, assignCustomers, type OfferRefusal } from './assign.js';
import { type AudienceAt, audienceAt } from './audience.js';
import { type CampaignDefinition, definitionOf, storedDefinition } from './definition.js';
import {
  referenceProblems,
  referencesOfDefinition,
  validateDefinitionInStore,
} from './definition-references.js';
import { definitionWarnings, laterDataWarnings, noOfferWarnings } from './start-warnings.js';

/** A campaign operation that its state does not allow (unknown id, not running, outside its dates). */
export class CampaignError extends Error {
  override readonly name = 'CampaignError';
  /** @param option the option of the call that is wrong, when one is (e.g. the report's `upliftScore`). */
  constructor(
    message: string,
    readonly option?: string,
  ) {
    super(message);
  }
}

/** What one round of assignment did (start, or a run of triggers). */
export interface AssignmentSummary {
  campaignId: string;
  at: Date;
  /**
   * Customers given a decision now, each recorded: offered + holdout + globalHoldout + noOffer. With
   * `refusedCustomers` and `alreadyAssigned` it makes the audience: members = decided + refusedCustomers +
   * alreadyAssigned.
   */
  decided: number;
  /** New offers per arm id. */
  offered: Record<string, number>;
  /** Put in the campaign's own holdout (the control of its report). */
  holdout: number;
  /** Kept out by the shop-wide global holdout (`holdout.global`; reported, compared with nothing). */
  globalHoldout: number;
  /** The policy chose no offer (incremental margin: no positive increment, or over budget). */
  noOffer: number;
  /** Audience members who already had an assignment (sticky: not decided again). */
  alreadyAssigned: number;
  /** Customers refused per rule: consent, frequency-cap, budget (one refused by two rules counts under each). */
  refused: Record<string, number>;
  /** Customers refused (not recorded, may get an offer later), each once. */
  refusedCustomers: number;
  /** Cost of the new assignments. */
  cost: number;
  /** Customers matching the audience who did not exist yet at `at` (a replay): not decided for. */
  notYetCustomers: number;
  /** What a person should know, e.g. that the audience is empty. */
  warnings: string[];
}

export type OfferDecision =
  | { status: 'assigned'; sticky: boolean; assignment: CampaignAssignment }
  | { status: 'refused'; reasons: OfferRefusalReason[] };

export type OfferRefusalReason =
  | OfferRefusal
  | { rule: 'not-running'; status: Campaign['status'] }
  | { rule: 'not-started'; startsAt: Date }
  | { rule: 'ended'; endsAt: Date }
  | { rule: 'not-in-audience' }
  /** No event and no stored record at or before `at`: not a customer yet then (a replay). */
  | { rule: 'not-a-customer-yet'; at: Date }
  /**
   * The customer's assignment was made after the time asked about (a replay asking out of order): it did
   * not exist then, and a customer is decided for once, so no other decision can be made before it.
   */
  | { rule: 'assigned-later'; assignedAt: Date };

export async function loadCampaign(
  storage: Storage,
  id: string,
): Promise<{ campaign: Campaign; def: CampaignDefinition }> {
  const campaign = await storage.getCampaign(id);
  if (!campaign) throw new CampaignError(`unknown campaign "${id}"`);
  return { campaign, def: definitionOf(campaign) };
}

/** Validates a definition (parsed JSON) and stores it as a draft; a draft with the same id is replaced. */
export async function createCampaign(storage: Storage, definition: unknown): Promise<Campaign> {
  const def = await validateDefinitionInStore(storage, definition);
  const existing = await storage.getCampaign(def.id);
  if (existing && existing.status !== 'draft')
    throw new CampaignError(`campaign "${def.id}" is ${existing.status}: only a draft can be redefined`);
  return storage.upsertCampaign({
    id: def.id,
    name: def.name,
    definition: storedDefinition(def),
    startsAt: def.startsAt ?? null,
    endsAt: def.endsAt ?? null,
  });
}

/** Why the campaign cannot make offers at `now` (status, dates), if it cannot. */
function windowRefusal(campaign: Campaign, now: Date): OfferRefusalReason | null {
  if (campaign.status !== 'running') return { rule: 'not-running', status: campaign.status };
  if (campaign.startsAt && now < campaign.startsAt)
    return { rule: 'not-started', startsAt: campaign.startsAt };
  if (campaign.endsAt && now >= campaign.endsAt) return { rule: 'ended', endsAt: campaign.endsAt };
  return null;
}

/** What a round of assignment did, for the audience (or the triggered part of it) at `at`. */
export function summarize(
  campaignId: string,
  at: Date,
  outcome: AssignOutcome,
  audience: AudienceAt,
  warnings: string[] = [],
): AssignmentSummary {
  const offered: Record<string, number> = {};
  const refused: Record<string, number> = {};
  let holdout = 0;
  let globalHoldout = 0;
  let noOffer = 0;
  let cost = 0;
  for (const a of outcome.assigned) {
    cost += a.cost;
    if (a.holdout && a.reason.holdout === 'global') globalHoldout++;
    else if (a.holdout) holdout++;
    else if (a.arm === null) noOffer++;
    else offered[a.arm] = (offered[a.arm] ?? 0) + 1;
  }
  for (const reasons of outcome.refused.values())
    for (const r of reasons) refused[r.rule] = (refused[r.rule] ?? 0) + 1;
  return {
    campaignId,
    at,
    decided: outcome.assigned.length,
    // By arm id: the customers were decided in a random order, which would otherwise order the arms.
    offered: Object.fromEntries(Object.entries(offered).sort(([a], [b]) => (a < b ? -1 : 1))),
    holdout,
    globalHoldout,
    noOffer,
    alreadyAssigned: outcome.existing.length,
    refused,
    refusedCustomers: outcome.refused.size,
    // A money sum, in cents as the report's (expected costs c + p·d have many decimals).
    cost: roundToCents(cost),
    notYetCustomers: audience.notYetCustomers,
    warnings,
  };
}

/** The warning of a start that found nobody to decide for. */
function emptyAudienceWarning(def: CampaignDefinition, at: Date, audience: AudienceAt): string {
  const which =
    'segment' in def.audience
      ? `segment "${def.audience.segment}" has no member`
      : 'no customer matches its filter';
  const later =
    audience.notYetCustomers > 0
      ? ` existing then (${plural(audience.notYetCustomers, 'customer')} matching it came later)`
      : '';
  return `the audience is empty at ${at.toISOString()}: ${which}${later}; nobody was decided for`;
}

/**
 * Sets the campaign running at `now` and, unless it has a trigger, assigns its audience now (one
 * transaction: on an error nothing stays). Only a draft starts, within its dates.
 */
export async function startCampaign(
  storage: Storage,
  id: string,
  now: Date = new Date(),
): Promise<AssignmentSummary> {
  return storage.transaction(async (tx) => {
    const { campaign, def } = await loadCampaign(tx, id);
    if (campaign.status !== 'draft')
      throw new CampaignError(`campaign "${id}" is ${campaign.status}: only a draft starts`);
    // What it names may have gone since it was created (or a draft stored before the check was made).
    const problems = await referenceProblems(tx, referencesOfDefinition(def));
    if (problems.length > 0)
      throw new CampaignError(
        `campaign "${id}" cannot start: ${problems.map((p) => `${p.path}: ${p.reason}`).join('; ')}`,
      );
    const running = await tx.setCampaignStatus(id, 'running', now);
    const refusal = windowRefusal(running, now);
    if (refusal)
      throw new CampaignError(
        `campaign "${id}" cannot start at ${now.toISOString()}: ${describeRefusal(refusal)}`,
      );
    if (def.trigger)
      return summarize(
        id,
        now,
        { assigned: [], existing: [], refused: new Map() },
        { members: [], notYetCustomers: 0 },
        definitionWarnings(def),
      );
    // Only the customers who existed at `now`: a replay does not decide for customers who came later.
    const audience = await audienceAt(tx, def.audience, now);
    const later = await laterDataWarnings(tx, def, now);
    const outcome = await assignCustomers(tx, running, def, audience.members, now);
    const warnings = [
      ...definitionWarnings(def),
      ...later,
      ...(audience.members.length === 0
        ? [emptyAudienceWarning(def, now, audience)]
        : noOfferWarnings(outcome.assigned, outcome.refused)),
    ];
    return summarize(id, now, outcome, audience, warnings);
  });
}

/** Stops a running campaign at `now`: no new offers; assignments and the report stay. */
export async function stopCampaign(storage: Storage, id: string, now: Date = new Date()): Promise<Campaign> {
  const { campaign } = await loadCampaign(storage, id);
  if (campaign.status !== 'running')
    throw new CampaignError(`campaign "${id}" is ${campaign.status}: only a running campaign stops`);
  return storage.setCampaignStatus(id, 'stopped', now);
}

/**
 * The customer's offer in the campaign: their assignment if they have one (sticky, whatever the campaign's
 * state) unless they have since opted out of marketing, or it was made after `now` (then it did not exist
 * yet, and no second decision is made: refused as `assigned-later`), else a decision made now when the campaign is
 * running, within its dates, and the customer existed at `now` and is in its audience; otherwise the
 * reasons why not.
 */
export async function offerFor(
  storage: Storage,
  campaignId: string,
  customerId: string,
  now: Date = new Date(),
): Promise<OfferDecision> {
  const { campaign, def } = await loadCampaign(storage, campaignId);
  const existing = await storage.getAssignment(campaignId, customerId);
  if (existing && existing.assignedAt.getTime() > now.getTime())
    return { status: 'refused', reasons: [{ rule: 'assigned-later', assignedAt: existing.assignedAt }] };
  if (existing) {
    // Consent withdrawn since the assignment: no offer (nor coupon) any more. The assignment stays, and
    // the report counts the customer where they were assigned (intention to treat).
    const customer = await storage.getCustomer(customerId);
    if (customer && declines(customer.consent, 'marketing'))
      return { status: 'refused', reasons: [{ rule: 'consent' }] };
    return { status: 'assigned', sticky: true, assignment: existing };
  }
  const refusal = windowRefusal(campaign, now);
  if (refusal) return { status: 'refused', reasons: [refusal] };
  if (!(await storage.getCustomer(customerId)))
    return { status: 'refused', reasons: [{ rule: 'unknown-customer' }] };
  if ((await customersExistingAt(storage, now, [customerId])).length === 0)
    return { status: 'refused', reasons: [{ rule: 'not-a-customer-yet', at: now }] };
  if ((await audienceAt(storage, def.audience, now, [customerId])).members.length === 0)
    return { status: 'refused', reasons: [{ rule: 'not-in-audience' }] };
  const outcome = await assignCustomers(storage, campaign, def, [customerId], now);
  const assignment = outcome.assigned[0] ?? outcome.existing[0];
  if (assignment) return { status: 'assigned', sticky: outcome.assigned.length === 0, assignment };
  return { status: 'refused', reasons: outcome.refused.get(customerId) ?? [] };
}

/** An amount in cents, but one under a cent (an offer costing 0.004) with two significant digits, not as 0. */
const shownMoney = (value: number): number => {
  const cents = roundToCents(value);
  return cents === 0 && value !== 0 ? Number(value.toPrecision(2)) : cents;
};

/** One line per refusal reason, for people. */
export function describeRefusal(r: OfferRefusalReason): string {
  switch (r.rule) {
    case 'consent':
      return 'the customer opted out of marketing';
    case 'frequency-cap':
      return `frequency cap: ${plural(r.offersInWindow, 'offer')} in the last ${plural(r.window / 86_400_000, 'day')} (at most ${r.maxOffers})`;
    case 'budget':
      // Money in cents, as the start summary's cost: a sum of expected costs has many decimals.
      return `budget: ${shownMoney(r.spent)} of ${shownMoney(r.budget)} spent, the offer costs ${shownMoney(r.cost)}`;
    case 'unknown-customer':
      return 'unknown customer';
    case 'not-running':
      return `the campaign is ${r.status}, not running`;
    case 'not-started':
      return `the campaign starts at ${r.startsAt.toISOString()}`;
    case 'ended':
      return `the campaign ended at ${r.endsAt.toISOString()}`;
    case 'not-in-audience':
      return 'the customer is not in the audience';
    case 'not-a-customer-yet':
      return `the customer has no event and no record at or before ${r.at.toISOString()}: not a customer yet then`;
    case 'assigned-later':
      return `the customer's assignment was made later, at ${r.assignedAt.toISOString()}: none existed yet, and a customer is assigned once`;
  }
}

/** `1 offer`, `2 offers`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
