/** What makes a propensity holdout too weak to judge the model by, said as warnings. */
import type { PropensityMetrics } from './train-propensity-types.js';

/**
 * A holdout whose ROC AUC is uncertain by more than this (half its 95% interval), or that has fewer than
 * HOLDOUT_MIN_CLASS buyers or non-buyers, says little about the model: a warning says so.
 */
export const HOLDOUT_MAX_AUC_MARGIN = 0.1;
export const HOLDOUT_MIN_CLASS = 20;

/** Why the holdout's numbers should not be trusted, if they should not. */
export function holdoutWarnings(h: PropensityMetrics): string[] {
  const negatives = h.customers - h.positives;
  const margin = 1.96 * h.rocAucStandardError;
  const auc = h.rocAuc.toFixed(2);
  const more = 'judge it on more customers (a longer history, or a longer horizon)';
  // Below this many of a class the approximation means little (it is 0 at an AUC of 1): no interval.
  if (h.positives < HOLDOUT_MIN_CLASS || negatives < HOLDOUT_MIN_CLASS)
    return [
      `the holdout has ${h.positives} buyers and ${negatives} non-buyers, fewer than ${HOLDOUT_MIN_CLASS} of one: too few to judge the model by (its ROC AUC of ${auc} may not hold for other customers); ${more}`,
    ];
  if (margin > HOLDOUT_MAX_AUC_MARGIN)
    return [
      `the holdout's ROC AUC of ${auc} could be anywhere within about ±${margin.toFixed(2)} (95%; ${h.positives} buyers and ${negatives} non-buyers): it says little about the model; ${more}`,
    ];
  return [];
}
