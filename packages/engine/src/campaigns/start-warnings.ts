/**
 * What a person starting (or creating) a campaign should know, one sentence each: no holdout (no lift can be
 * measured), data the start reads stored as of a later date than the start (chosen with purchases after
 * it), and why nobody got an offer.
 */
import { type CampaignAssignment, latestScoreAt, type Storage } from '@storewise/storage';
import { filterReferences } from '../customers/filter-references.js';
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

/** What a replay needs, said after each warning of data stored after the start. */
const replayAdvice = (at: Date): string =>
  `a replay at ${at.toISOString().slice(0, 10)} needs the data as of then: on a database without later analytics, storewise segment rfm --as-of ${at.toISOString().slice(0, 10)} (and storewise segment rule again for a rule segment)`;

/**
 * What the start reads that is stored as of a date after `at` (a replay at an earlier date): the audience's
 * segment, the segments and scores an audience filter names, and the incremental-margin policy's propensity
 * scores. The audience or the offers were then chosen with purchases made after the start.
 */
export async function laterDataWarnings(
  storage: Storage,
  def: CampaignDefinition,
  at: Date,
): Promise<string[]> {
  const later = (d: Date | null | undefined): d is Date => d != null && d.getTime() > at.getTime();
  const after = `after the start at ${at.toISOString()}`;
  const warnings: string[] = [];
  const named = 'filter' in def.audience ? filterReferences(def.audience.filter) : null;
  const segmentIds =
    'segment' in def.audience ? [def.audience.segment] : (named?.segments.map((s) => s.id) ?? []);
  for (const id of [...new Set(segmentIds)]) {
    const asOf = (await storage.getSegment(id))?.refreshedAt;
    if (later(asOf))
      warnings.push(
        `segment "${id}" is stored as of ${asOf.toISOString()}, ${after}: the audience was chosen with purchases made after the start (${replayAdvice(at)})`,
      );
  }
  if (named !== null) {
    const models = [...new Set(named.scores.map((s) => s.name))];
    const asOf = await latestScoreAt(storage, models);
    if (later(asOf))
      warnings.push(
        `the audience filter reads scores (${models.join(', ')}) stored as of ${asOf.toISOString()}, ${after}: it chose customers by purchases made after the start (${replayAdvice(at)})`,
      );
  }
  if (def.policy.type === 'incremental-margin') {
    const asOf = await latestScoreAt(storage, [def.policy.propensityModel]);
    if (later(asOf))
      warnings.push(
        `the policy's propensity scores (${def.policy.propensityModel}) are stored as of ${asOf.toISOString()}, ${after}: offers and their expected cost come from a model that saw purchases after the start (train propensity --as-of ${at.toISOString().slice(0, 10)} first)`,
      );
  }
  return warnings;
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
