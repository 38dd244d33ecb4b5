/** One customer's profile (see `CustomerProfileBatch`) with their stored scores: what `storewise profile` shows. */
import {
  type CustomerScore,
  PROFILE_COLUMNS,
  type ProfileColumn,
  type Storage,
  scanCustomerProfiles,
} from '@storewise/storage';
import { latestEventAsOf } from './profile-features.js';

export interface CustomerProfile {
  customerId: string;
  asOf: Date;
  /** The profile's columns (null where a value is undefined: recency and price without purchases or prices);
   * null when the customer has no event before asOf. */
  profile: Record<ProfileColumn, number | null> | null;
  /** Share of the customer's view and purchase events per top-level category (the shop's top ones). */
  categoryShares: Record<string, number>;
  /** Every stored score of the customer (p_purchase_30d, rfm_recency, clv, ...), by model name. */
  scores: CustomerScore[];
}

/** The profile as of `asOf` (default: just after the latest stored event), or null for an unknown customer. */
export async function customerProfile(
  storage: Storage,
  customerId: string,
  options: { asOf?: Date; topCategories?: number } = {},
): Promise<CustomerProfile | null> {
  if (!(await storage.getCustomer(customerId))) return null;
  const asOf = options.asOf ?? (await latestEventAsOf(storage));
  const result: CustomerProfile = {
    customerId,
    asOf,
    profile: null,
    categoryShares: {},
    scores: await storage.getScores(customerId),
  };
  const scan = scanCustomerProfiles(storage, {
    asOf,
    customerId,
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
