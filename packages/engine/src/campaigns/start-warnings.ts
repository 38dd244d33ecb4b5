/**
 * What a person starting (or creating) a campaign should know, one sentence each: no holdout (no lift can be
 * measured), an audience segment stored as of a later date than the start (chosen with purchases after it),
 * and why nobody got an offer.
 */
import type { CampaignAssignment, Storage } from '@storewise/storage';
import type { OfferRefusal } from './assign.js';
import type { CampaignDefinition } from './definition.js';

const customers = (n: number): string => `${n} customer${n === 1 ? '' : 's'}`;

/** Warnings on a definition itself, at creation and at start: a holdout of 0 measures no lift. */
export function definitionWarnings(def: CampaignDefinition): string[] {
  return def.holdout.fraction === 0
    ? [
        'holdout.fraction is 0: nobody is held out, so the report cannot measure any lift (a holdout such as 0.1 compares the offered customers with customers who got nothing)',
      ]
    : [];
}

/**
 * A segment audience whose stored members are as of a date after `at` (a replay at an earlier date): the
 * audience was chosen with purchases after the start.
 */
export async function laterSegmentWarning(
  storage: Storage,
  def: CampaignDefinition,
  at: Date,
): Promise<string | null> {
  if (!('segment' in def.audience)) return null;
  const segment = await storage.getSegment(def.audience.segment);
  const asOf = segment?.refreshedAt;
  if (!asOf || asOf.getTime() <= at.getTime()) return null;
  return `segment "${segment.id}" is stored as of ${asOf.toISOString()}, after the start at ${at.toISOString()}: the audience was chosen with purchases made after the start (store the segment as of the start first, e.g. storewise segment rfm --as-of ${at.toISOString().slice(0, 10)})`;
}

/** Why the policy gave no offer, by the reason's basis (core's AssignmentReason.basis). */
const NO_OFFER_BASIS: Record<string, string> = {
  'no-positive-arm':
    "no arm's expected gain was positive (margin per conversion x uplift below the offer's cost)",
  budget: 'the budget left could not pay for an offer',
};

/** Why a customer was refused, by rule. */
const REFUSAL: Record<string, string> = {
  consent: 'opted out of marketing',
  'frequency-cap': 'over the frequency cap',
  budget: 'the budget left could not pay for an offer',
  'unknown-customer': 'unknown customer',
};

/**
 * When customers were decided for (or refused) and none got an offer: one warning per reason, with its count
 * (`718 customers got no offer: no arm's expected gain was positive ...`).
 */
export function noOfferWarnings(
  assigned: readonly CampaignAssignment[],
  refused: ReadonlyMap<string, readonly OfferRefusal[]>,
): string[] {
  if (assigned.some((a) => !a.holdout && a.arm !== null)) return [];
  const counts = new Map<string, number>();
  const add = (text: string) => counts.set(text, (counts.get(text) ?? 0) + 1);
  for (const a of assigned) {
    if (a.holdout) continue;
    const basis = (a.reason as { basis?: unknown }).basis;
    add(`got no offer: ${NO_OFFER_BASIS[String(basis)] ?? `the policy chose none (${String(basis)})`}`);
  }
  for (const reasons of refused.values())
    add(`were refused: ${reasons.map((r) => REFUSAL[r.rule] ?? r.rule).join(' and ')}`);
  if (counts.size === 0) return [];
  return [...counts].map(([text, n]) => `${customers(n)} ${n === 1 ? text.replace(/^were /, 'was ') : text}`);
}
