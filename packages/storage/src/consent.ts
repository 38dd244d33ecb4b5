import { filterReferences, type SegmentFilter } from './segment-filter.js';
import type { ConsentFlags, CustomerInput } from './types.js';

/**
 * Whether a customer refused this use of their data. Only an explicit `false` is a refusal: `undefined`
 * means the shop has not recorded a choice. Every analysis, training, serving path and campaign asks
 * here, so the rule has one definition.
 */
export function declines(consent: ConsentFlags, use: keyof ConsentFlags): boolean {
  return consent[use] === false;
}

/**
 * The segments whose membership tells something of a customer's analysis: RFM and cluster segments, and
 * rule segments whose filter tests a score or another segment's membership (a rule segment stored with
 * no filter is a list the shop keeps itself, not an analysis). A customer who declines analytics is taken out of these at once (the
 * adapters' upsertCustomers): a rule such as `segment eq "high-value-at-risk"` would otherwise still tell
 * their withheld lifetime value, and a campaign would target them by it, until the next analytics run.
 */
export function analyticSegmentIds(
  segments: readonly { id: string; kind: string; definition: unknown }[],
): string[] {
  return segments
    .filter((s) => {
      if (s.kind !== 'rule') return true;
      // A rule segment's definition is `{ filter }` (the engine's refreshRuleSegment).
      const filter = (s.definition as { filter?: SegmentFilter } | null)?.filter;
      if (filter === undefined || filter === null || typeof filter !== 'object') return false;
      try {
        const refs = filterReferences(filter);
        return refs.models.size > 0 || refs.segments.size > 0 || refs.anySegment;
      } catch {
        return false; // not a filter (stored by hand): the shop's own list, as above
      }
    })
    .map((s) => s.id);
}

/** The customers an upsert marks as declining analytics (`consent.analytics: false`). */
export function decliningAnalytics(input: readonly CustomerInput[]): string[] {
  return input.filter((c) => c.consent?.analytics === false).map((c) => c.externalId);
}
