/** One customer's profile (see `CustomerProfileBatch`) with their stored scores: what `storewise profile` shows. */
import {
  type CustomerScore,
  PROFILE_COLUMNS,
  type ProfileColumn,
  type Storage,
  scanCustomerProfiles,
} from '@storewise/storage';
import { latestEventAsOf } from './profile-features.js';
import { PURCHASE_PROPENSITY_MODEL } from './trained-propensity.js';

export interface CustomerProfile {
  customerId: string;
  asOf: Date;
  /** The profile's columns (null where a value is undefined: recency and price without purchases or prices);
   * null when the customer has no event before asOf. */
  profile: Record<ProfileColumn, number | null> | null;
  /**
   * Share of the customer's view and purchase events per top-level category: the categories of the active
   * purchase-propensity model when there is one (the columns it scores with), else the shop's top ones.
   */
  categoryShares: Record<string, number>;
  /**
   * The customer's stored scores (p_purchase_30d, rfm_recency, clv, ...), by model name: with an `asOf` asked
   * for, those computed at or before it (a score computed later knows what happened after asOf).
   */
  scores: CustomerScore[];
  /** Stored scores computed after the `asOf` asked for: not available as of it; their values left out. */
  laterScores: { model: string; computedAt: Date }[];
}

/**
 * The profile as of `asOf` (default: just after the latest stored event), or null for an unknown customer.
 * `topCategories` asks for the shop's top categories instead of the model's.
 */
export async function customerProfile(
  storage: Storage,
  customerId: string,
  options: { asOf?: Date; topCategories?: number } = {},
): Promise<CustomerProfile | null> {
  if (!(await storage.getCustomer(customerId))) return null;
  const asOf = options.asOf ?? (await latestEventAsOf(storage));
  const stored = await storage.getScores(customerId);
  const later = (s: CustomerScore) => options.asOf !== undefined && s.computedAt.getTime() > asOf.getTime();
  const result: CustomerProfile = {
    customerId,
    asOf,
    profile: null,
    categoryShares: {},
    scores: stored.filter((s) => !later(s)),
    laterScores: stored.filter(later).map((s) => ({ model: s.model, computedAt: s.computedAt })),
  };
  const categories = options.topCategories === undefined ? await modelCategories(storage) : undefined;
  const scan = scanCustomerProfiles(storage, {
    asOf,
    customerId,
    ...(categories ? { categories } : {}),
    ...(options.topCategories !== undefined ? { topCategories: options.topCategories } : {}),
  });
  for await (const b of scan) {
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    result.profile = Object.fromEntries(PROFILE_COLUMNS.map((c) => [c, finite(b[c][0]!)])) as Record<
      ProfileColumn,
      number | null
    >;
    result.categoryShares = Object.fromEntries(b.categories.map((c, k) => [c, b.categoryShare[k]!]));
  }
  return result;
}

/** The share categories the active purchase-propensity model was trained with, if there is one. */
async function modelCategories(storage: Storage): Promise<string[] | undefined> {
  const info = (await storage.listModels()).find((m) => m.name === PURCHASE_PROPENSITY_MODEL && m.active);
  const categories = info?.params.categories;
  return Array.isArray(categories) && categories.every((c) => typeof c === 'string') ? categories : undefined;
}
