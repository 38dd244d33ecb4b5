/**
 * What a campaign report's numbers do not say by themselves, one sentence each: a realized cost over the
 * budget (the budget caps the expected cost only), a campaign without a holdout (no lift to measure), and one
 * that offered nobody anything (a difference is not an offer's effect).
 */
import type { GroupMetrics } from '@storewise/core';

const money = (x: number): string => x.toFixed(2);

/** The parts of the measurement the notes are about. */
export interface ReportNoteInput {
  policy: string;
  cost: number;
  realizedCost: number;
  budget: number | null;
  /** The definition's `holdout.fraction`. */
  holdoutFraction: number;
  holdout: GroupMetrics;
  /** Customers decided for outside the holdout (offered or not). */
  decided: number;
  /** Of them, customers given an offer (any arm). */
  offered: number;
}

/** The expected cost of an offer, as the policy counts it against the budget (docs/campaigns.md, "Budget"). */
const expectedCost = (policy: string): string =>
  policy === 'incremental-margin'
    ? 'c + p·d: the cost per offer plus the discount times the predicted chance of a purchase'
    : 'c + d: the cost per offer plus the discount';

/** The notes of a campaign report (empty when there is nothing to say). */
export function reportNotes(r: ReportNoteInput): string[] {
  const notes: string[] = [];
  if (r.budget !== null && r.realizedCost > r.budget + 0.005) {
    const over = r.budget > 0 ? ` ${Math.round((100 * (r.realizedCost - r.budget)) / r.budget)}%` : '';
    const why = r.realizedCost > r.cost + 0.005 ? '; more customers converted than predicted' : '';
    notes.push(
      `realized cost ${money(r.realizedCost)} is${over} over the budget of ${money(r.budget)}: the budget caps the expected cost of offers (${expectedCost(r.policy)})${why}`,
    );
  }
  if (r.holdoutFraction === 0)
    notes.push(
      'no lift is measured: lift needs a holdout to compare with, and this campaign has none (holdout.fraction 0)',
    );
  else if (r.holdout.exposures === 0 && r.decided > 0)
    notes.push(
      `no lift is measured yet: lift needs a holdout to compare with, and none of the ${r.decided} customers decided for fell in it (holdout.fraction ${r.holdoutFraction})`,
    );
  if (r.decided > 0 && r.offered === 0)
    notes.push(
      `nobody was offered anything: none of the ${r.decided} customers decided for outside the holdout got an offer (the start said why), so a difference from the holdout is chance or the audience, not an offer's effect`,
    );
  return notes;
}
