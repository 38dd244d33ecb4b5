/**
 * Campaign state: campaigns (a definition the engine validates, a status and its dates) and their
 * assignments (one per campaign and customer: sticky). Conversions are not stored: they are the purchases
 * within the attribution window after an assignment, read from the events when a report is made
 * (`scanCampaignOutcomes` in ./campaign-reads.ts).
 */
import type { ScanOptions } from './types.js';

export const CAMPAIGN_STATUSES = ['draft', 'running', 'stopped'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface CampaignInput {
  /** The shop's own id, e.g. 'spring-sale'; also the salt of the campaign's holdout hash. */
  id: string;
  name: string;
  /** The engine's campaign definition (audience, arms, policy, holdout, caps, budget, window, trigger). */
  definition: Record<string, unknown>;
  startsAt?: Date | null;
  endsAt?: Date | null;
}

export interface Campaign {
  id: string;
  name: string;
  status: CampaignStatus;
  definition: Record<string, unknown>;
  startsAt: Date | null;
  endsAt: Date | null;
  createdAt: Date;
  /** When the campaign was first set running; null while a draft. */
  startedAt: Date | null;
  /** When it was stopped; null unless stopped. */
  stoppedAt: Date | null;
}

export interface CampaignAssignmentInput {
  campaignId: string;
  customerId: string;
  /** The arm's id, or null for no offer (holdout, or a policy that chose none). */
  arm: string | null;
  holdout: boolean;
  /** Why: the policy's reason (or the holdout's hash values). */
  reason: Record<string, unknown>;
  /** A coupon code unique across all campaigns, when the arm needs one. */
  couponCode?: string | null;
  /** The assignment's cost, counted against the campaign's budget. */
  cost?: number;
  assignedAt: Date;
}

export interface CampaignAssignment {
  campaignId: string;
  customerId: string;
  arm: string | null;
  holdout: boolean;
  reason: Record<string, unknown>;
  couponCode: string | null;
  cost: number;
  assignedAt: Date;
}

export interface CampaignOutcomeOptions extends ScanOptions {
  /** Attribution window in milliseconds: purchases in (assignedAt, assignedAt + window] count. */
  window: number;
  /** Only purchases strictly before this instant count (for example "now", for a running bandit). */
  until?: Date;
}

/**
 * A batch of a campaign's assignments (in customer-id order) with the purchases attributed to each, in CSR
 * form: assignment i's purchase lines are `purchaseTime/Value[purchaseOffsets[i] .. purchaseOffsets[i+1])`,
 * in time order; a line's value is quantity x unit price (quantity 1 and price 0 when missing).
 */
export interface CampaignOutcomeBatch {
  assignments: CampaignAssignment[];
  purchaseOffsets: Int32Array;
  /** Milliseconds since the epoch. */
  purchaseTime: Float64Array;
  purchaseValue: Float64Array;
}

/** Campaign methods of the Storage contract (`Storage` extends this). */
export interface CampaignStorage {
  /** Creates the campaign as a draft, or updates its name, definition and dates (status and assignments stay). */
  upsertCampaign(campaign: CampaignInput): Promise<Campaign>;
  getCampaign(id: string): Promise<Campaign | null>;
  /** Every campaign, by id. */
  listCampaigns(): Promise<Campaign[]>;
  /**
   * Sets the status at `at`: 'running' sets `startedAt` the first time, 'stopped' sets `stoppedAt`.
   * Refuses an unknown campaign.
   */
  setCampaignStatus(id: string, status: CampaignStatus, at: Date): Promise<Campaign>;
  /**
   * Records assignments, each only if the customer has none in that campaign yet (sticky), in one
   * transaction; returns the stored assignment per input: the new one, or the one that existed. Refuses an
   * unknown campaign or customer, and a coupon code already used by another assignment.
   */
  recordAssignments(assignments: readonly CampaignAssignmentInput[]): Promise<CampaignAssignment[]>;
  getAssignment(campaignId: string, customerId: string): Promise<CampaignAssignment | null>;
  /**
   * Times of the offers (assignments with an arm, in any campaign) each customer got at or after `since`,
   * in the order of `customerIds`, each list in time order: the input of frequency caps.
   */
  offerTimes(customerIds: readonly string[], since: Date): Promise<Date[][]>;
  /** The campaign's assignments in customer-id order, in batches. */
  scanAssignments(campaignId: string, options?: ScanOptions): AsyncIterable<CampaignAssignment[]>;
  /** Sum of the costs of the campaign's assignments (for its budget). */
  campaignCost(campaignId: string): Promise<number>;
  /**
   * Optional. Inside `transaction`: waits until no other transaction (of any process) holds the campaign's
   * lock and holds it until this one ends, so that two decisions checked against the campaign's budget are
   * not made at once. Adapters whose transactions already run one at a time (memory, PGlite) need not have
   * it; a database with concurrent transactions must (the SQL adapters: an advisory lock).
   */
  lockCampaign?(campaignId: string): Promise<void>;
}

/** The campaign fast paths an adapter may offer in `Storage.bulk`. */
export interface CampaignBulkReads {
  /** Assignments joined with their attributed purchases by the store (see `scanCampaignOutcomes`). */
  scanCampaignOutcomes?(
    campaignId: string,
    options: CampaignOutcomeOptions,
  ): AsyncIterable<CampaignOutcomeBatch>;
  /** The customers existing at `at`, by the store (see `customersExistingAt` in ./campaign-reads.ts). */
  customersExistingAt?(at: Date, among?: readonly string[]): Promise<string[]>;
  /** The model names of the stored scores, by the store (see `scoreModels` in ./campaign-reads.ts). */
  scoreModels?(): Promise<string[]>;
  /** The latest computedAt of the stored scores of `models`, by the store (see `latestScoreAt`). */
  latestScoreAt?(models: readonly string[]): Promise<Date | null>;
  /** One customer's assignments in every campaign, by the store (see `customerAssignments`). */
  customerAssignments?(customerId: string): Promise<CampaignAssignment[]>;
}
