/** A campaign's audience as a rule filter, evaluated by the store where it can (see selectCustomers). */
import type { SegmentFilter, Storage } from '@storewise/storage';
import { selectCustomers } from '../customers/rule-segments.js';
import type { CampaignAudience } from './definition.js';

/** A segment audience is the rule "member of that segment" (its current members). */
export function audienceFilter(audience: CampaignAudience): SegmentFilter {
  return 'segment' in audience ? { field: 'segment', eq: audience.segment } : audience.filter;
}

/** The audience's customers now, sorted by id; only those among `among` when given. */
export function audienceMembers(
  storage: Storage,
  audience: CampaignAudience,
  among?: readonly string[],
): Promise<string[]> {
  const filter = audienceFilter(audience);
  if (among === undefined) return selectCustomers(storage, filter);
  if (among.length === 0) return Promise.resolve([]);
  return selectCustomers(storage, { and: [filter, { field: 'customerId', in: [...among] }] });
}
